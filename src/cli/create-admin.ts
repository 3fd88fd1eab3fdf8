/**
 * `create-admin <username> [--password-stdin]`: a new super admin, for a server whose admins are all
 * gone or unknown to the operator. Audited as the API audits it (`admin.create`), with the operator as actor.
 */
import { Type } from '@sinclair/typebox';
import type { Store } from '../store/database.ts';
import { createAdmin, type Admin } from '../admin/admins.ts';
import { auditedAs } from '../admin/audited.ts';
import { checkOperatorPassword, generateAdminPassword, OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { AdminCreate } from '../admin/schemas.ts';
import { assertValid } from '../validation.ts';
import { passwordFromStdin, type CommandIo } from './operator.ts';

/** The username as the API takes it. */
const UsernameOnly = Type.Object({ username: AdminCreate.properties.username });

export async function createSuperAdmin(store: Store, command: { username: string; passwordStdin: boolean }, io: CommandIo): Promise<Admin> {
  assertValid(UsernameOnly, { username: command.username });
  const password = command.passwordStdin ? passwordFromStdin(await io.readStdin()) : generateAdminPassword();
  checkOperatorPassword(password);
  const admin = await auditedAs(store, OPERATOR_ACTOR, async (tx) => {
    const created = await createAdmin(tx, { username: command.username, password, role: 'super_admin' });
    return { result: created, action: 'admin.create', target: { type: 'admin', id: created.id }, after: created };
  });
  io.out(`Super admin ${JSON.stringify(admin.username)} created.\n`);
  if (!command.passwordStdin) io.out(`Password (shown this once; change it after signing in): ${password}\n`);
  return admin;
}
