/**
 * `check-config`: what `npm start` would make of this configuration, without starting anything or
 * changing anything. The configuration is loaded and checked as a start loads it (a problem is reported
 * in the same words); then the master key, the store (reachable, its migrations, whether the master key
 * opens its secrets) and Redis when configured are tried. Exit code 0: no problem; 2: problems, listed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig, type Config } from '../config.ts';
import { ConfigError } from '../config-error.ts';
import { loadMasterKey, MASTER_KEY_FILE } from '../crypto/master-key.ts';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrationStatus } from '../store/migration-status.ts';
import { signingKeysOpenWith } from '../oidc/signing-keys.ts';
import { EXIT_OK, EXIT_USAGE, sqliteFileOf, type CommandIo } from './operator.ts';

/** How long Redis may take to answer before it counts as unreachable. */
const REDIS_TIMEOUT_MS = 5_000;

interface Findings {
  lines: string[];
  problems: string[];
}

/** The database URL without its password (and anything after the path). */
function describeDatabase(config: Config): string {
  const file = sqliteFileOf(config);
  if (file !== undefined) return `SQLite, ${file}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL, ${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
}

/** The master key's box, or undefined when there is none yet (a first start writes one). */
function checkMasterKey(config: Config, f: Findings): SecretBox | undefined {
  if (config.masterKey) {
    f.lines.push('Master key: PORTICO_MASTER_KEY');
    return createSecretBox(config.masterKey);
  }
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) {
    f.lines.push(`Master key: none yet (the first start writes ${file}; several nodes need PORTICO_MASTER_KEY instead)`);
    return undefined;
  }
  try {
    const box = createSecretBox(loadMasterKey(undefined, config.dataDir).key);
    f.lines.push(`Master key: ${file}`);
    return box;
  } catch (error) {
    f.problems.push(`The master key cannot be read: ${(error as Error).message}.`);
    return undefined;
  }
}

async function checkStore(config: Config, box: SecretBox | undefined, f: Findings): Promise<void> {
  const file = sqliteFileOf(config);
  if (file !== undefined && !existsSync(file)) {
    f.lines.push(`Store: no database yet at ${file} (the first start creates it)`);
    return;
  }
  let store: Store | undefined;
  try {
    store = await openStore(config.databaseUrl, { poolSize: 1 });
    await sql`select 1`.execute(store.db);
    const status = await migrationStatus(store);
    if (status.unknown.length) {
      f.problems.push(`The database was migrated by a newer version of Portico (${status.unknown.join(', ')}): this version must not run on it.`);
    } else if (status.applied.length === 0) {
      f.lines.push('Store: reachable, empty (the first start creates the tables)');
    } else {
      f.lines.push(
        `Store: reachable, ${status.applied.length} of ${status.applied.length + status.pending.length} migrations applied` +
          (status.pending.length ? ` (the next start applies ${status.pending.join(', ')})` : ''),
      );
      const opens = box ? await signingKeysOpenWith(store.db, box) : undefined;
      if (opens === false) f.problems.push('The master key does not open the secrets stored in the database: they were sealed under another key.');
      else if (opens === undefined && !config.masterKey && !existsSync(path.join(config.dataDir, MASTER_KEY_FILE))) {
        const sealed = await store.db.selectFrom('oidc_signing_keys').select('kid').executeTakeFirst();
        if (sealed) f.problems.push('The database holds secrets sealed under a master key, and there is none here: a start would write a new one that opens none of them.');
      } else if (opens) f.lines.push('Secrets: the master key opens them');
    }
  } catch (error) {
    f.problems.push(`The database (${describeDatabase(config)}) does not answer: ${(error as Error).message}`);
  } finally {
    await store?.close().catch(() => {});
  }
}

async function checkRedis(config: Config, f: Findings): Promise<void> {
  if (!config.redisUrl) {
    f.lines.push('Redis: not configured (short-lived state in the database)');
    return;
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: REDIS_TIMEOUT_MS });
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause = error));
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') throw new Error('it does not answer PING with PONG');
    const url = new URL(config.redisUrl);
    f.lines.push(`Redis: answers (${url.host}${url.pathname})`);
  } catch (error) {
    // The URL is not repeated: it may hold Redis's password.
    f.problems.push(`Redis (PORTICO_REDIS_URL) does not answer: ${(cause ?? (error as Error)).message}`);
  } finally {
    redis.disconnect();
  }
}

export async function checkConfiguration(io: CommandIo): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // As npm start says it (src/main.ts), and with its exit code.
    io.err(`Portico cannot start: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const f: Findings = { lines: [], problems: [] };
  f.lines.push(`Configuration: valid${io.env.PORTICO_CONFIG_FILE ? ` (PORTICO_* variables over ${io.env.PORTICO_CONFIG_FILE})` : ''}`);
  f.lines.push(`Public URL: ${config.publicUrl}; listens on ${config.host}:${config.port}${config.demo ? '; demo mode' : ''}`);
  f.lines.push(`Database: ${describeDatabase(config)}`);
  const box = checkMasterKey(config, f);
  await checkStore(config, box, f);
  await checkRedis(config, f);
  io.out(f.lines.map((l) => `${l}\n`).join(''));
  if (f.problems.length) {
    io.err(f.problems.map((p) => `Problem: ${p}\n`).join(''));
    io.err(`${f.problems.length} problem${f.problems.length === 1 ? '' : 's'}: Portico would not start or not work with this configuration.\n`);
    return EXIT_USAGE;
  }
  io.out('No problems found.\n');
  return EXIT_OK;
}
