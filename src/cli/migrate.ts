/**
 * `migrate`: brings the database's tables up to date and does nothing else, as a node's start would
 * before it serves (for an upgrade done before the new version's nodes start). Audited when it applied
 * something (`store.migrate`).
 */
import type { Store } from '../store/database.ts';
import { migrate } from '../store/database.ts';
import { migrationStatus } from '../store/migration-status.ts';
import { recordAudit } from '../audit/audit.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { newerDatabase, type CommandIo } from './operator.ts';

export async function migrateOnly(store: Store, io: CommandIo): Promise<void> {
  const status = await migrationStatus(store);
  if (status.unknown.length) throw newerDatabase(status.unknown);
  const applied = await migrate(store);
  if (!applied.length) {
    io.out(`The database is up to date (${status.latest}).\n`);
    return;
  }
  await recordAudit(store.db, OPERATOR_ACTOR, { category: 'admin', action: 'store.migrate', after: { applied, level: applied.at(-1) } });
  io.out(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}. The database is up to date (${status.latest}).\n`);
}
