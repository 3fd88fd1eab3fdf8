/**
 * Demo mode: an organisation whose people match the simulator's DingTalk users, a DingTalk source
 * pointing at the simulator, the User Center offering password, DingTalk and SMS login, and the demo
 * application registered as an OIDC client.
 * Seeded once; later starts only re-point the demo source at the simulator's current address.
 */
import type { AppContext } from '../context.ts';
import { nowIso } from '../store/database.ts';
import { hashPassword } from '../crypto/password.ts';
import { insertUser } from '../directory/user-store.ts';
import { createSource, updateSource } from '../sources/source-store.ts';
import { sourcePolicyOf } from '../identity/registry.ts';
import { setLoginConfiguration } from '../applications/login-configuration.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.ts';
import { PASSKEY_SOURCE_ID, PASSWORD_SOURCE_ID, ROOT_ORG_UNIT_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../store/well-known.ts';
import { ensureDemoCasApplication } from './cas-registration.ts';
import { ensureDemoApplication, type DemoAppCredentials } from './demo-app-registration.ts';
import { DEMO_FIXTURE_APP } from '../../sim/dingtalk/fixture.ts';

export const DEMO_SOURCE_ID = 'src_dingtalk_demo';
export const DEMO_ORG_UNIT_ID = 'ou_demo';
export const DEMO_NEW_USERS_UNIT_ID = 'ou_demo_dingtalk';
export const DEMO_PASSWORD = 'portico-demo';
const DEMO_USERS = [
  { username: 'zhangsan', displayName: '张三', mobile: '+8613800000001', email: 'zhangsan@demo.example', employeeNumber: 'E001', status: 'active' },
  { username: 'lisi', displayName: '李四', mobile: '+8613800000002', email: 'lisi@demo.example', employeeNumber: 'E002', status: 'active' },
  { username: 'zhaoliu', displayName: '赵六', mobile: null, email: 'zhaoliu@demo.example', employeeNumber: 'E004', status: 'active' },
  { username: 'sunqi', displayName: '孙七', mobile: '+8613900000009', email: null, employeeNumber: 'E009', status: 'disabled' },
] as const;

/** The demo applications' sign-in methods, in order. */
const DEMO_SIGN_IN = [PASSWORD_SOURCE_ID, DEMO_SOURCE_ID, SMS_SOURCE_ID, PASSKEY_SOURCE_ID];

/**
 * With `demoAppUrl`, also registers the demo application (an OIDC client) and returns its credentials;
 * with `casServiceUrl`, the demo CAS client (its service URL) and returns its id.
 */
export async function seedDemo(ctx: AppContext, simulatorUrl: string, demoAppUrl?: string, casServiceUrl?: string): Promise<{ seeded: boolean; demoApp?: DemoAppCredentials; demoCasId?: string }> {
  const seeded = await seedDemoOrganisation(ctx, simulatorUrl);
  const demoApp = demoAppUrl ? await ensureDemoApplication(ctx, demoAppUrl, DEMO_SIGN_IN) : undefined;
  const demoCasId = casServiceUrl ? await ensureDemoCasApplication(ctx, casServiceUrl, DEMO_SIGN_IN) : undefined;
  return { seeded, demoApp, demoCasId };
}

async function seedDemoOrganisation(ctx: AppContext, simulatorUrl: string): Promise<boolean> {
  const { store, secretBox } = ctx;
  const endpoints = { login: simulatorUrl, api: simulatorUrl, oapi: simulatorUrl };
  const existing = await store.db.selectFrom('auth_sources').select('id').where('id', '=', DEMO_SOURCE_ID).executeTakeFirst();
  if (existing) {
    await store.transaction((tx) => updateSource(tx, secretBox, sourcePolicyOf(ctx.config), DEMO_SOURCE_ID, { config: { endpoints } }));
    return false;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await store.transaction(async (tx) => {
    const now = nowIso();
    await tx
      .insertInto('org_units')
      .values([
        { id: DEMO_ORG_UNIT_ID, parent_id: ROOT_ORG_UNIT_ID, name: '示例科技 Demo Tech', created_at: now, updated_at: now },
        { id: DEMO_NEW_USERS_UNIT_ID, parent_id: DEMO_ORG_UNIT_ID, name: 'New from DingTalk', created_at: now, updated_at: now },
      ])
      .execute();
    for (const u of DEMO_USERS) {
      await insertUser(tx, { ...u, orgUnitId: DEMO_ORG_UNIT_ID }, passwordHash);
    }
    const row = await createSource(
      tx,
      secretBox,
      sourcePolicyOf(ctx.config),
      {
        type: 'dingtalk',
        name: '钉钉 · 示例科技 (Demo Tech)',
        config: { ...DEMO_FIXTURE_APP, endpoints, autoBind: true, sourceAttribute: 'mobile', userAttribute: 'mobile', notAssociated: 'bind_existing', notAssociatedOrgUnitId: DEMO_NEW_USERS_UNIT_ID },
      },
      DEMO_SOURCE_ID,
    );
    await setLoginConfiguration(tx, USER_CENTER_APP_ID, [PASSWORD_SOURCE_ID, row.id, SMS_SOURCE_ID, PASSKEY_SOURCE_ID]);
    await recordAudit(tx, SYSTEM_ACTOR, { category: 'admin', action: 'demo.seed', target: { type: 'source', id: row.id } });
  });
  return true;
}
