/**
 * A DingTalk organisation as a DirectoryReader: the department tree under the root department
 * (breadth-first, parents first), and each department's members page by page (ref §1: listsub is
 * one level, user/list pages of ≤ 100 and lists a person once per department). Members are paged as
 * soon as their department is found, while the walk goes on: the two APIs have quotas of their own,
 * so the fetch takes as long as the busier one, not both. A department whose pages fail is noted and
 * skipped: the run is then incomplete and disables nobody.
 */
import type { DingTalkClient } from '../../connectors/dingtalk/index.ts';
import type { DirectoryReader, UpstreamDepartment, UpstreamPerson } from '../reader.ts';
import type { SyncWarning } from '../views.ts';
import type { DingTalkSyncConfig } from './config.ts';
import { toUpstreamPerson } from './mapping.ts';

const codeOf = (error: unknown) => (error as { code?: string }).code ?? 'sync.fetch_failed';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function dingtalkReader(client: DingTalkClient, config: DingTalkSyncConfig): DirectoryReader {
  const found: number[] = [];
  let walked = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const issues: SyncWarning[] = [];
  const seen = { people: 0, mobile: 0, email: 0 };
  const mapped = new Set(Object.values(config.fieldMapping));

  return {
    async *departments(): AsyncGenerator<UpstreamDepartment> {
      try {
        for await (const d of client.walkDepartments(config.rootDeptId)) {
          found.push(d.deptId);
          notify();
          const isRoot = d.deptId === config.rootDeptId;
          yield { externalId: String(d.deptId), parentExternalId: isRoot || d.parentId === null ? null : String(d.parentId), name: d.name };
        }
      } catch (error) {
        issues.push({ code: codeOf(error), detail: `The department tree could not be read completely: ${messageOf(error)}` });
      } finally {
        walked = true;
        notify();
      }
    },
    async *people(): AsyncGenerator<UpstreamPerson[]> {
      for (let next = 0; ; next++) {
        while (next >= found.length && !walked) await new Promise<void>((resolve) => (wake = resolve));
        if (next >= found.length) return;
        const deptId = found[next];
        try {
          for await (const page of client.pageDepartmentUsers(deptId)) {
            for (const u of page) {
              seen.people++;
              if (u.mobile) seen.mobile++;
              if (u.email || u.orgEmail) seen.email++;
            }
            yield page.map((u) => toUpstreamPerson(u, config.fieldMapping));
          }
        } catch (error) {
          issues.push({ code: codeOf(error), detail: `The members of department ${deptId} could not be read: ${messageOf(error)}` });
        }
      }
    },
    // user/count ignores the permission scope (ref §1.7): fewer people than it says means a restricted scope.
    expectedPeople: async () => (config.rootDeptId === 1 ? client.countUsers(false) : null),
    fetchIssues: () => issues,
    warnings() {
      const out: SyncWarning[] = [];
      if (seen.people > 0 && seen.mobile === 0 && mapped.has('mobile')) {
        out.push({ code: 'sync.fields_missing_mobile', detail: 'No mobile numbers came back: grant the app the contact permission 企业员工手机号信息 (Employee mobile number information).' });
      }
      if (seen.people > 0 && seen.email === 0 && (mapped.has('email') || mapped.has('org_email'))) {
        out.push({ code: 'sync.fields_missing_email', detail: 'No email addresses came back: grant the app the contact permission 邮箱等个人信息 (Email and other profile information), if people have them.' });
      }
      return out;
    },
  };
}
