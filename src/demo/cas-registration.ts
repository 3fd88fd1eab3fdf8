/**
 * Demo mode registers the demo CAS client, Campus Portal, with Portico: a CAS application with the
 * fixed identifier `demo-cas`, listed in My applications, offering the demo's sign-in methods. Later
 * starts only point its service URL at the client's current address.
 */
import type { AppContext } from '../context.ts';
import { nowIso } from '../store/database.ts';
import { createApplication } from '../applications/applications.ts';
import { casProtocol } from '../protocols/cas/protocol.ts';
import { setLoginConfiguration } from '../applications/login-configuration.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.ts';

export const DEMO_CAS_ID = 'demo-cas';

/** `sourceIds`: the sign-in methods its login page offers, in order (set when it is first created). Answers its Portico id. */
export async function ensureDemoCasApplication(ctx: AppContext, serviceUrl: string, sourceIds: string[]): Promise<string> {
  const { store, secretBox } = ctx;
  // Set directly: the demo may run on a LAN address over http, which the admin API rightly refuses.
  const services = (settings: string) => JSON.stringify({ ...JSON.parse(settings), services: [{ url: serviceUrl, match: 'exact' }] });
  return store.transaction(async (tx) => {
    const existing = await tx.selectFrom('applications').select(['id', 'protocol_settings']).where('client_id', '=', DEMO_CAS_ID).executeTakeFirst();
    if (existing) {
      await tx.updateTable('applications').set({ protocol_settings: services(existing.protocol_settings) }).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const { application } = await createApplication(tx, secretBox, {
      protocol: casProtocol.name,
      name: 'Campus Portal · 校园门户',
      description: 'A small CAS 3.0 client that signs in with Portico, started in demo mode.',
      inPortal: true,
      settings: { services: [{ url: 'http://localhost/', match: 'exact' }], attributes: ['displayName', 'email', 'mobile'] },
    });
    const { protocol_settings } = await tx.selectFrom('applications').select('protocol_settings').where('id', '=', application.id).executeTakeFirstOrThrow();
    await tx.updateTable('applications').set({ protocol_settings: services(protocol_settings), client_id: DEMO_CAS_ID, updated_at: nowIso() }).where('id', '=', application.id).execute();
    await setLoginConfiguration(tx, application.id, sourceIds);
    await recordAudit(tx, SYSTEM_ACTOR, { category: 'admin', action: 'demo.seed', target: { type: 'application', id: application.id } });
    return application.id;
  });
}
