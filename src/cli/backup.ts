/**
 * `backup <file>`: an online copy of the SQLite database, taken while nodes keep writing. SQLite's
 * `VACUUM INTO` reads the database in one read transaction, so the copy is consistent as of one moment,
 * and writes it compacted; nodes are not stopped, only a writer's checkpoint may wait for it. The file
 * is created first, empty and private (0600: it holds password hashes and sealed secrets), and never
 * over an existing one. With PostgreSQL, pg_dump does this.
 */
import { closeSync, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import { PRIVATE_FILE_MODE } from '../store/private-files.ts';
import { levelOf, migrationStatus } from '../store/migration-status.ts';
import { recordAudit } from '../audit/audit.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { fail } from '../errors.ts';
import { openExistingStore, sqliteFileOf, type CommandIo } from './operator.ts';

export const postgresBackup = () =>
  fail(
    'cli.postgres_backup',
    'Portico runs on PostgreSQL here: back it up with pg_dump (e.g. pg_dump --format=custom --file=portico.dump "$PORTICO_DATABASE_URL") and restore it with pg_restore. backup and restore are for the embedded SQLite database.',
  );

export const fileExists = (file: string, what: string) => fail('cli.file_exists', `${file} exists already: ${what}`);

export async function backup(config: Config, target: string, io: CommandIo): Promise<void> {
  const database = sqliteFileOf(config);
  if (database === undefined) throw postgresBackup();
  const file = path.resolve(target);
  if (existsSync(file)) throw fileExists(file, 'a backup is never written over another file. Name a new one.');
  let store: Store | undefined;
  try {
    store = await openExistingStore(config);
    // Made empty and private before SQLite writes into it (VACUUM INTO takes an empty file), and never over one made meanwhile.
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
    try {
      await sql`vacuum into ${file}`.execute(store.db);
    } catch (error) {
      unlinkSync(file);
      throw error;
    }
    const level = levelOf(await migrationStatus(store));
    const bytes = statSync(file).size;
    await recordAudit(store.db, OPERATOR_ACTOR, { category: 'security', action: 'store.backup', after: { file, bytes, level } });
    io.out(`Backed up ${database} to ${file} (${bytes} bytes, migration ${level ?? 'none'}).\n`);
    io.out(
      `It holds password hashes and secrets sealed by the master key: keep it private. A restore needs the same master key ` +
        `(${config.masterKey ? 'PORTICO_MASTER_KEY' : path.join(config.dataDir, 'master.key')}): keep a copy of it too, apart from the backup.\n`,
    );
  } finally {
    await store?.close();
  }
}
