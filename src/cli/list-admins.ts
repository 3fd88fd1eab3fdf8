/** `list`: the admins, with their roles and statuses (never anything of their passwords). */
import type { Store } from '../store/database.ts';
import { listAdmins } from '../admin/admins.ts';
import type { CommandIo } from './operator.ts';

export async function listAdminsCommand(store: Store, io: CommandIo): Promise<void> {
  const admins = await listAdmins(store.db);
  const width = Math.max('username'.length, ...admins.map((a) => a.username.length));
  io.out(`${'username'.padEnd(width)}  role             status\n`);
  for (const a of admins) io.out(`${a.username.padEnd(width)}  ${a.role.padEnd(15)}  ${a.status}\n`);
}
