/**
 * The User Center's "My applications": the applications an administrator lists there, each opened at
 * the address that makes it start its own sign-in (its protocol's `continueUrl`: an OpenID Connect
 * application's initiate login URI, a CAS application's service URL), which the SSO session then answers.
 * An application without such an address is not listed: a link would land nowhere useful.
 */
import type { Db } from '../store/database.ts';
import { applicationProtocol } from '../protocols/registry.ts';

export interface MyApplication {
  id: string;
  name: string;
  description: string;
  logoUrl: string | null;
  href: string;
}

export async function myApplications(db: Db, publicUrl: string): Promise<MyApplication[]> {
  const rows = await db.selectFrom('applications').selectAll().where('in_portal', '=', 1).orderBy('name').orderBy('id').execute();
  return rows.flatMap((row) => {
    const protocol = applicationProtocol(row.protocol);
    const href = protocol.signsPeopleIn(row) ? protocol.continueUrl(row, publicUrl) : undefined;
    return href ? [{ id: row.id, name: row.name, description: row.description, logoUrl: row.logo_url, href }] : [];
  });
}
