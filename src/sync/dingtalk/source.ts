/**
 * The DingTalk identity source's work with DingTalk: its connector, its reader, Test connection, and
 * what each contact event means (ref §2.4: events carry ids only, so each is re-read).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createDingTalkClient, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import { sharedTokenCache } from '../../identity/dingtalk/client.ts';
import type { Db } from '../../store/database.ts';
import type { ShortLivedStore } from '../../store/short-lived.ts';
import type { DirectoryReader } from '../reader.ts';
import type { LoadedSource } from '../sources.ts';
import type { IdentitySourceTest } from '../views.ts';
import { applyDepartments, applyLeaver, applyPerson, type EventDeps, type EventOutcome } from '../incremental.ts';
import type { UpstreamDepartment } from '../reader.ts';
import { dingtalkReader } from './reader.ts';
import { toUpstreamPerson } from './mapping.ts';

/** What the node gives the DingTalk source: the shared store (app tokens) and the operator's request rate. */
export interface DingTalkSyncEnv {
  shortLived: ShortLivedStore;
  /** Requests per second per directory API (PORTICO_DINGTALK_DIRECTORY_QPS): DingTalk's quota for the app. */
  directoryQps: number;
  /** Aborted when the node shuts down: a sync waiting out DingTalk's throttling stops waiting. */
  signal: AbortSignal;
}

export function syncClient(source: LoadedSource, env: DingTalkSyncEnv): DingTalkClient {
  return createDingTalkClient({
    appKey: source.config.appKey,
    appSecret: source.secrets.appSecret,
    endpoints: source.config.endpoints,
    tokenCache: sharedTokenCache(env.shortLived),
    directoryLimits: { perSecond: env.directoryQps },
    sleep: (ms) => sleep(ms, undefined, { signal: env.signal }),
  });
}

export const readerOf = (source: LoadedSource, env: DingTalkSyncEnv): DirectoryReader => dingtalkReader(syncClient(source, env), source.config);

type Check = IdentitySourceTest['checks'][number];

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Credentials, the contact permissions, the field permissions and the permission scope, each said with what to grant. */
export async function testIdentitySource(source: LoadedSource, env: DingTalkSyncEnv): Promise<IdentitySourceTest> {
  const client = syncClient(source, env);
  const checks: Check[] = [];
  const root = source.config.rootDeptId;
  try {
    await client.testConnection();
    checks.push({ code: 'sync.check_credentials', ok: true, detail: 'DingTalk accepted the AppKey and AppSecret.' });
  } catch (error) {
    checks.push({ code: 'sync.check_credentials', ok: false, detail: `DingTalk refused the AppKey or AppSecret: ${errorText(error)}` });
    return { ok: false, checks };
  }
  let children: number[] = [];
  try {
    const visible = await client.listSubDepartments(root);
    children = visible.map((d) => d.deptId);
    checks.push({ code: 'sync.check_departments', ok: true, detail: `Department ${root} has ${visible.length} sub-departments the app may see.` });
    // listsubid ignores the contacts permission scope, listsub does not (ref §1.4): fewer means a restricted scope.
    const all = await client.listSubDepartmentIds(root);
    const hidden = all.length - visible.length;
    checks.push(
      hidden > 0
        ? { code: 'sync.check_scope', ok: false, detail: `${hidden} of ${all.length} sub-departments are outside the app's contacts permission scope (通讯录权限范围): set it to all employees, or to the departments to sync.` }
        : { code: 'sync.check_scope', ok: true, detail: 'The contacts permission scope covers every sub-department.' },
    );
  } catch (error) {
    checks.push({ code: 'sync.check_departments', ok: false, detail: `Departments could not be read; grant the permission 通讯录部门信息读权限 (qyapi_get_department_list): ${errorText(error)}` });
  }
  try {
    let sample: Awaited<ReturnType<DingTalkClient['listDepartmentUsers']>>['users'] = [];
    for (const dept of [root, ...children.slice(0, 5)]) {
      sample = (await client.listDepartmentUsers(dept, 0, 20)).users;
      if (sample.length) break;
    }
    checks.push({ code: 'sync.check_members', ok: true, detail: `Members can be read (${sample.length} in the sample).` });
    const mapped = new Set(Object.values(source.config.fieldMapping));
    if (sample.length && mapped.has('mobile')) {
      const ok = sample.some((u) => u.mobile);
      checks.push({ code: 'sync.check_mobile_field', ok, detail: ok ? 'Mobile numbers come back.' : 'No mobile numbers come back: grant the field permission 企业员工手机号信息 (Employee mobile number information).' });
    }
    if (sample.length && (mapped.has('email') || mapped.has('org_email'))) {
      const ok = sample.some((u) => u.email || u.orgEmail);
      checks.push({ code: 'sync.check_email_field', ok, detail: ok ? 'Email addresses come back.' : 'No email addresses come back: if people have them, grant the field permission 邮箱等个人信息 (Email and other profile information).' });
    }
  } catch (error) {
    checks.push({ code: 'sync.check_members', ok: false, detail: `Members could not be read; grant the permission 通讯录部门成员读权限 (qyapi_get_department_member): ${errorText(error)}` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** A contact event, as both transports carry it (ref §2.4). */
export interface ContactEvent {
  eventType: string;
  userIds: string[];
  deptIds: string[];
}

const isGone = (error: unknown) => ['dingtalk.user_not_in_org', 'dingtalk.department_not_found'].includes((error as { code?: string }).code ?? '');

/** A department and its ancestors up to the first Portico knows (or the synced root), parents first. */
async function departmentChain(db: Db, source: LoadedSource, client: DingTalkClient, deptId: number): Promise<UpstreamDepartment[]> {
  const chain: UpstreamDepartment[] = [];
  let id: number | null = deptId;
  for (let depth = 0; id !== null && depth < 64; depth++) {
    const d = await client.getDepartment(id);
    const isRoot = d.deptId === source.config.rootDeptId || d.parentId === null;
    chain.unshift({ externalId: String(d.deptId), parentExternalId: isRoot ? null : String(d.parentId), name: d.name });
    if (isRoot) break;
    const known = await db.selectFrom('sync_unit_links').select('org_unit_id').where('source_id', '=', source.row.id).where('external_id', '=', String(d.parentId)).executeTakeFirst();
    id = known ? null : d.parentId;
  }
  return chain;
}

/** Re-reads what the event names and applies it; several ids give the last outcome that was not a success. */
export async function applyContactEvent(deps: EventDeps, source: LoadedSource, client: DingTalkClient, event: ContactEvent): Promise<EventOutcome> {
  const { db } = deps;
  const outcomes: EventOutcome[] = [];
  switch (event.eventType) {
    case 'user_add_org':
    case 'user_modify_org':
    case 'user_active_org':
      for (const userId of event.userIds) {
        try {
          const user = await client.getOrgUser(userId);
          for (const dept of user.deptIdList) {
            const known = await db.selectFrom('sync_unit_links').select('org_unit_id').where('source_id', '=', source.row.id).where('external_id', '=', String(dept)).executeTakeFirst();
            if (!known && dept !== source.config.rootDeptId) await applyDepartments(deps, source, await departmentChain(db, source, client, dept)).catch(() => undefined);
          }
          outcomes.push(await applyPerson(deps, source, toUpstreamPerson(user, source.config.fieldMapping)));
        } catch (error) {
          // Gone by the time it is re-read: the person left after the event was sent.
          outcomes.push(isGone(error) ? await applyLeaver(deps, source, userId) : { status: 'failed', detail: errorText(error) });
        }
      }
      break;
    case 'user_leave_org':
      for (const userId of event.userIds) outcomes.push(await applyLeaver(deps, source, userId));
      break;
    case 'org_dept_create':
    case 'org_dept_modify':
      for (const deptId of event.deptIds) {
        try {
          outcomes.push(await applyDepartments(deps, source, await departmentChain(db, source, client, Number(deptId))));
        } catch (error) {
          outcomes.push(isGone(error) ? { status: 'ignored', detail: `Department ${deptId} no longer exists.` } : { status: 'failed', detail: errorText(error) });
        }
      }
      break;
    case 'org_dept_remove':
      // Sync never deletes: the unit stays, and its people move with their own events or the reconcile.
      return { status: 'ignored', detail: 'Departments are never deleted by sync; its people move with their own changes.' };
    default:
      return { status: 'ignored', detail: `${event.eventType} does not change the directory.` };
  }
  return outcomes.find((o) => o.status === 'failed') ?? outcomes.at(-1) ?? { status: 'ignored', detail: 'The event named nobody.' };
}
