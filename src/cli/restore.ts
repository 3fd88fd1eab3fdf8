/**
 * `restore <file>`: puts a backup (`backup`) in place of the SQLite database. Every node must be stopped
 * first: the command refuses while any process has the database open. The backup is checked before
 * anything is replaced: a SQLite file, sound, Portico's, migrated no further than this version knows,
 * and sealed under the master key configured here. It is copied beside the database and renamed over
 * it (one atomic step: the database is at every moment the old one or the new one); the old one is
 * kept as <database>.before-restore. The pending migrations are then applied, and the restore is
 * recorded in the restored database's audit log.
 */
import { chmodSync, copyFileSync, constants, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { openStore, type Store } from '../store/database.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files.ts';
import { levelOf, migrationStatus } from '../store/migration-status.ts';
import { signingKeysOpenWith } from '../oidc/signing-keys.ts';
import { recordAudit } from '../audit/audit.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { fail } from '../errors.ts';
import { newerDatabase, openOperatorStore, operatorSecretBox, sqliteFileOf, type CommandIo } from './operator.ts';
import { assertNotInUse, COMPANION_SUFFIXES, isSqliteFile } from './sqlite-file.ts';
import { fileExists, postgresBackup } from './backup.ts';

export const BEFORE_RESTORE_SUFFIX = '.before-restore';

const notABackup = (file: string, why: string) => fail('cli.not_a_backup', `${file} is not a Portico backup: ${why}.`);

const removeWithCompanions = (file: string) => {
  for (const f of [file, ...COMPANION_SUFFIXES.map((s) => file + s)]) rmSync(f, { force: true });
};

/** Checks the copy about to be put in place; returns its migration level. */
async function checkCopy(copy: string, source: string, config: Config): Promise<string> {
  let store: Store | undefined;
  try {
    store = await openStore(`sqlite:${copy}`, { poolSize: 1 });
    const { rows } = await sql<{ quick_check: string }>`pragma quick_check`.execute(store.db);
    if (rows[0]?.quick_check !== 'ok') throw notABackup(source, `SQLite finds it damaged (${rows.map((r) => r.quick_check).join('; ')})`);
    const status = await migrationStatus(store);
    const level = levelOf(status);
    if (level === undefined || !status.applied.includes('001_initial')) throw notABackup(source, 'it has none of Portico’s tables');
    if (status.unknown.length) throw newerDatabase(status.unknown);
    if ((await signingKeysOpenWith(store.db, operatorSecretBox(config))) === false) {
      throw fail(
        'cli.master_key_mismatch',
        `The secrets in ${source} were sealed under another master key than the one configured here (PORTICO_MASTER_KEY or ${path.join(config.dataDir, 'master.key')}): restore it with the key it was backed up with.`,
      );
    }
    return level;
  } catch (error) {
    if ((error as Error).message?.includes('file is not a database')) throw notABackup(source, 'SQLite cannot read it');
    throw error;
  } finally {
    await store?.close();
  }
}

export async function restore(config: Config, from: string, io: CommandIo): Promise<void> {
  const database = sqliteFileOf(config);
  if (database === undefined) throw postgresBackup();
  const source = path.resolve(from);
  if (!existsSync(source)) throw fail('cli.file_not_found', `There is no file ${source}.`);
  if (source === path.resolve(database)) throw notABackup(source, 'it is the database itself');
  if (!isSqliteFile(source)) throw notABackup(source, 'it is not a SQLite database');
  const kept = database + BEFORE_RESTORE_SUFFIX;
  if (existsSync(kept)) throw fileExists(kept, 'it is the database an earlier restore replaced. Move it away (or delete it) first.');
  const replacing = existsSync(database);
  if (replacing) assertNotInUse(database);

  ensurePrivateDir(path.dirname(database));
  // Beside the database, on the same file system: the rename that puts it in place is atomic.
  const copy = `${database}.restore-${randomBytes(6).toString('hex')}`;
  let level: string;
  let linked = false;
  try {
    copyFileSync(source, copy, constants.COPYFILE_EXCL);
    chmodSync(copy, PRIVATE_FILE_MODE);
    level = await checkCopy(copy, source, config);
    for (const suffix of COMPANION_SUFFIXES) rmSync(copy + suffix, { force: true });
    if (replacing) {
      linkSync(database, kept);
      linked = true;
    }
    renameSync(copy, database);
  } catch (error) {
    removeWithCompanions(copy);
    if (linked) rmSync(kept, { force: true });
    throw error;
  }

  const store = await openOperatorStore(config);
  try {
    const migrated = (await migrationStatus(store)).applied.filter((name) => name > level);
    await recordAudit(store.db, OPERATOR_ACTOR, {
      category: 'security',
      action: 'store.restore',
      after: { file: source, level, migrated, kept: replacing ? kept : null },
    });
    io.out(`Restored ${source} into ${database} (migration ${level}${migrated.length ? `, then ${migrated.join(', ')} applied` : ''}).\n`);
    if (replacing) io.out(`The database it replaced is kept as ${kept}.\n`);
    io.out('Start the nodes.\n');
  } finally {
    await store.close();
  }
}
