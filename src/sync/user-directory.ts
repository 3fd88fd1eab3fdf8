/** Where a user sits in the directory: their departments (main first) and the identity sources that sync them. */
import type { Db } from '../store/database.ts';
import { getUser } from '../directory/user-store.ts';
import { orgUnitPath } from '../directory/org-units.ts';
import type { UserDirectory } from './views.ts';

export async function userDirectory(db: Db, userId: string): Promise<UserDirectory> {
  const user = await getUser(db, userId);
  const others = await db.selectFrom('user_org_memberships').select('org_unit_id').where('user_id', '=', userId).where('org_unit_id', '!=', user.orgUnitId).execute();
  const unitIds = [user.orgUnitId, ...others.map((o) => o.org_unit_id)];
  const memberships = await Promise.all(unitIds.map(async (id, i) => ({ orgUnitId: id, path: await orgUnitPath(db, id), primary: i === 0 })));
  const links = await db
    .selectFrom('sync_user_links')
    .innerJoin('identity_sources', 'identity_sources.id', 'sync_user_links.source_id')
    .select(['sync_user_links.source_id as sourceId', 'identity_sources.name as sourceName', 'sync_user_links.external_id as externalId', 'sync_user_links.left_at as leftAt'])
    .where('sync_user_links.user_id', '=', userId)
    .execute();
  return { memberships, links };
}
