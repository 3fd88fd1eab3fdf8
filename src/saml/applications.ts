/** SAML applications as the IdP finds them: by entity ID (a request's Issuer) or by Portico id (a sign-in coming back, or one Portico starts). */
import type { Db } from '../store/database.ts';
import { fail } from '../errors.ts';
import { samlProtocol, samlSettingsOf } from '../protocols/saml/protocol.ts';

export async function samlApplication(db: Db, by: { entityId: string } | { id: string }) {
  const query = db.selectFrom('applications').select(['id', 'client_id', 'protocol_settings']).where('protocol', '=', samlProtocol.name);
  const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('client_id', '=', by.entityId)).executeTakeFirst();
  if (!row) throw fail('saml.unknown_sp', 'id' in by ? 'No SAML application here has this id.' : `No application here has the entity ID ${JSON.stringify(by.entityId)}. Ask your administrator to add it.`);
  return { id: row.id, settings: samlSettingsOf(row) };
}
