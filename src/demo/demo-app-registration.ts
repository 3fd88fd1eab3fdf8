/**
 * Demo mode registers the demo application with Portico: a confidential OIDC client with the fixed
 * id `demo-app`, offering the demo's sign-in methods (password, DingTalk, SMS). Later starts only
 * point its redirect URIs and its initiate login URI (its own start-sign-in path, so that a sign-in
 * started at Portico, from the simulator's DingTalk workbench, lands in it signed in) at the demo
 * app's current address. Its secret is sealed like any other
 * application's and read back here for the demo app, which runs beside Portico.
 */
import type { AppContext } from '../context.ts';
import { nowIso } from '../store/database.ts';
import { createApplication } from '../applications/applications.ts';
import { openClientSecret } from '../protocols/oidc/client-secret.ts';
import { oidcProtocol } from '../protocols/oidc/protocol.ts';
import { setLoginConfiguration } from '../applications/login-configuration.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.ts';

export const DEMO_APP_CLIENT_ID = 'demo-app';
export const DEMO_APP_CALLBACK_PATH = '/callback';
/** Where the demo app starts its sign-in: also its initiate login URI (OpenID Connect Core §4). */
export const DEMO_APP_LOGIN_PATH = '/login';

export interface DemoAppCredentials {
  /** Its Portico id (the `app` of its login links). */
  applicationId: string;
  clientId: string;
  clientSecret: string;
}

/** `sourceIds`: the sign-in methods its login page offers, in order (set when it is first created). */
export async function ensureDemoApplication(ctx: AppContext, demoAppUrl: string, sourceIds: string[]): Promise<DemoAppCredentials> {
  const { store, secretBox } = ctx;
  // Set directly: the demo may run on a LAN address over http, which the admin API rightly refuses.
  const uris = { redirect_uris: JSON.stringify([demoAppUrl + DEMO_APP_CALLBACK_PATH]), post_logout_redirect_uris: JSON.stringify([demoAppUrl + '/']) };
  const withInitiateLogin = (protocolSettings: string) => JSON.stringify({ ...JSON.parse(protocolSettings), initiateLoginUri: demoAppUrl + DEMO_APP_LOGIN_PATH });
  await store.transaction(async (tx) => {
    const existing = await tx.selectFrom('applications').select(['id', 'protocol_settings']).where('client_id', '=', DEMO_APP_CLIENT_ID).executeTakeFirst();
    if (existing) {
      await tx.updateTable('applications').set({ ...uris, protocol_settings: withInitiateLogin(existing.protocol_settings) }).where('id', '=', existing.id).execute();
      return;
    }
    const { application } = await createApplication(tx, secretBox, {
      protocol: oidcProtocol.name,
      name: 'Demo App · 示例应用',
      description: 'A small application that signs in with Portico (OpenID Connect), started in demo mode.',
      // In the User Center's My applications: it has an initiate login URI to be opened at.
      inPortal: true,
      settings: { clientType: 'confidential', firstParty: true, redirectUris: [] },
    });
    const { protocol_settings } = await tx.selectFrom('applications').select('protocol_settings').where('id', '=', application.id).executeTakeFirstOrThrow();
    await tx
      .updateTable('applications')
      .set({ ...uris, protocol_settings: withInitiateLogin(protocol_settings), client_id: DEMO_APP_CLIENT_ID, updated_at: nowIso() })
      .where('id', '=', application.id)
      .execute();
    await setLoginConfiguration(tx, application.id, sourceIds);
    await recordAudit(tx, SYSTEM_ACTOR, { category: 'admin', action: 'demo.seed', target: { type: 'application', id: application.id } });
  });
  const row = await store.db.selectFrom('applications').selectAll().where('client_id', '=', DEMO_APP_CLIENT_ID).executeTakeFirstOrThrow();
  const clientSecret = openClientSecret(secretBox, row);
  if (!clientSecret) throw new Error('the demo application has no client secret (was it made public?)');
  return { applicationId: row.id, clientId: DEMO_APP_CLIENT_ID, clientSecret };
}
