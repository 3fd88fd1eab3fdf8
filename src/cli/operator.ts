/**
 * What every operator command shares (src/cli/admin.ts runs them): exit codes, the streams, and the store
 * and short-lived store opened with the same configuration as `npm start`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { loadMasterKey, MASTER_KEY_FILE } from '../crypto/master-key.ts';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.ts';
import { migrate, openStore, type Store } from '../store/database.ts';
import { migrationStatus } from '../store/migration-status.ts';
import { redisShortLivedStore, sqlShortLivedStore, type ShortLivedStore } from '../store/short-lived.ts';
import { fail } from '../errors.ts';

/** Exit codes: done; the command could not do it (unknown admin, no database); a wrong invocation or configuration (as npm start). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Pool for a one-off command: a transaction and the migrator's lock need no more. */
const COMMAND_POOL_SIZE = 2;

export class UsageError extends Error {
  readonly code = 'cli.usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command reads and writes: the process's own streams, or a test's. */
export interface CommandIo {
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

/** The SQLite database file the configuration names, or undefined for PostgreSQL. */
export const sqliteFileOf = (config: Config): string | undefined =>
  config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice('sqlite:'.length) : undefined;

export const newerDatabase = (unknown: string[]) =>
  fail('store.newer_than_portico', `The database was migrated by a newer version of Portico (${unknown.join(', ')}): run that version, or restore a backup made before the upgrade.`);

const noDatabase = (file: string) =>
  fail('store.not_found', `There is no database at ${file}: is PORTICO_DATA_DIR (or PORTICO_DATABASE_URL) the one Portico runs with?`);

/** Opens the configured store as it is, migrations left alone. A SQLite file that does not exist is an error (none is created). */
export async function openExistingStore(config: Config): Promise<Store> {
  const file = sqliteFileOf(config);
  if (file !== undefined && !existsSync(file)) throw noDatabase(file);
  return openStore(config.databaseUrl, { poolSize: COMMAND_POOL_SIZE });
}

/**
 * Opens the configured store and brings its tables up to date with the same migration step every node
 * runs at start (idempotent, and locked against nodes starting at once). A SQLite file that does not
 * exist is an error, not an empty new database: the configuration points somewhere else. A database a
 * newer Portico migrated is refused, in words (the migrator would only call its migrations corrupted).
 */
export async function openOperatorStore(config: Config): Promise<Store> {
  const store = await openExistingStore(config);
  try {
    const { unknown } = await migrationStatus(store);
    if (unknown.length) throw newerDatabase(unknown);
    await migrate(store);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * The short-lived store the nodes share, as src/bootstrap/portico.ts builds it: Redis when
 * PORTICO_REDIS_URL is set (connected now, so an unreachable Redis stops the command before it
 * changes the password), else the database.
 */
export async function openOperatorShortLived(config: Config, store: Store): Promise<{ shortLived: ShortLivedStore; close(): void }> {
  if (!config.redisUrl) return { shortLived: sqlShortLivedStore(store.db), close: () => {} };
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true, retryStrategy: () => null });
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause = error)); // the rejected connect only says the connection closed
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // The URL is not repeated: it may hold Redis's password.
    throw fail('store.redis_unreachable', `Redis (PORTICO_REDIS_URL) does not answer: ${(cause ?? (error as Error)).message}. The password was not changed.`);
  }
  return { shortLived: redisShortLivedStore(redis), close: () => redis.disconnect() };
}

/**
 * The secret box of the nodes: PORTICO_MASTER_KEY, or the key in the data folder. Never a new one (as a
 * first start would make): a key the stored secrets were not sealed with opens none of them.
 */
export function operatorSecretBox(config: Config): SecretBox {
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  if (!config.masterKey && !existsSync(file)) {
    throw fail('cli.master_key_missing', `There is no master key: PORTICO_MASTER_KEY is not set and there is no ${file}. The command needs the key the nodes run with.`);
  }
  return createSecretBox(loadMasterKey(config.masterKey, config.dataDir).key);
}

/** A password piped in ends with the newline of `echo` or a file: that one is not part of it. */
export const passwordFromStdin = (text: string) => text.replace(/\r?\n$/, '');
