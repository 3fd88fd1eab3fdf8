/**
 * `npm run admin -- <command>`: operator commands, run on a Portico server with its configuration (the
 * same PORTICO_* variables and PORTICO_CONFIG_FILE as `npm start`). They open the store, never the HTTP
 * server, so they work while nodes run and when none can be signed in to.
 */
import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../config.ts';
import { ConfigError } from '../config-error.ts';
import { migrate, openStore, type Store } from '../store/database.ts';
import { redisShortLivedStore, sqlShortLivedStore, type ShortLivedStore } from '../store/short-lived.ts';
import { listAdmins } from '../admin/admins.ts';
import { generateAdminPassword, OPERATOR_PASSWORD_MIN_LENGTH, resetAdminPassword } from '../admin/operator-reset.ts';
import { fail, PorticoError } from '../errors.ts';

export const USAGE = `Usage: npm run admin -- <command>

Commands:
  reset-password <username> [--password-stdin]
      Sets a new password for the admin, makes the account active, ends all of its sessions and
      clears its failed-password counts (audited as "operator (command line)"). The password is generated and printed once, or read
      from standard input with --password-stdin (at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters).
  list
      Lists the admins: username, role, status.

Configuration comes from the same PORTICO_* variables as npm start (PORTICO_DATABASE_URL,
PORTICO_DATA_DIR, PORTICO_CONFIG_FILE, ...).`;

/** Exit codes: done; the command could not do it (unknown admin, no database); a wrong invocation or configuration (as npm start). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Pool for a one-off command: a transaction and the migrator's lock need no more. */
const COMMAND_POOL_SIZE = 2;

export type AdminCommand =
  | { name: 'reset-password'; username: string; passwordStdin: boolean }
  | { name: 'list' }
  | { name: 'help' };

export class UsageError extends Error {
  readonly code = 'cli.usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseAdminArgs(argv: string[]): AdminCommand {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('a command is needed');
  if (name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (name === 'list') {
    if (rest.length > 0) throw new UsageError(`list takes no arguments, got ${rest.join(' ')}`);
    return { name: 'list' };
  }
  if (name === 'reset-password') {
    const passwordStdin = rest.includes('--password-stdin');
    const others = rest.filter((a) => a !== '--password-stdin');
    const unknownOption = others.find((a) => a.startsWith('-'));
    if (unknownOption) throw new UsageError(`unknown option ${unknownOption}`);
    if (others.length !== 1 || !others[0].trim()) throw new UsageError('reset-password needs exactly one username');
    return { name: 'reset-password', username: others[0], passwordStdin };
  }
  throw new UsageError(`unknown command ${JSON.stringify(name)}`);
}

/** What a command reads and writes: the process's own streams, or a test's. */
export interface CommandIo {
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

const noDatabase = (file: string) =>
  fail('store.not_found', `There is no database at ${file}: is PORTICO_DATA_DIR (or PORTICO_DATABASE_URL) the one Portico runs with?`);

/**
 * Opens the configured store and brings its tables up to date with the same migration step every node
 * runs at start (idempotent, and locked against nodes starting at once). A SQLite file that does not
 * exist is an error, not an empty new database: the configuration points somewhere else.
 */
export async function openOperatorStore(config: Config): Promise<Store> {
  if (config.databaseUrl.startsWith('sqlite:')) {
    const file = config.databaseUrl.slice('sqlite:'.length);
    if (!existsSync(file)) throw noDatabase(file);
  }
  const store = await openStore(config.databaseUrl, { poolSize: COMMAND_POOL_SIZE });
  try {
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

/** A password piped in ends with the newline of `echo` or a file: that one is not part of it. */
export const passwordFromStdin = (text: string) => text.replace(/\r?\n$/, '');

async function resetPassword(config: Config, store: Store, command: Extract<AdminCommand, { name: 'reset-password' }>, io: CommandIo): Promise<void> {
  const password = command.passwordStdin ? passwordFromStdin(await io.readStdin()) : generateAdminPassword();
  const { shortLived, close } = await openOperatorShortLived(config, store);
  try {
    const admin = await resetAdminPassword(store, shortLived, command.username, password);
    io.out(`Admin ${JSON.stringify(admin.username)} (${admin.role}): password reset, status active, every session ended, failed-password counts cleared.\n`);
    if (!command.passwordStdin) io.out(`New password (shown this once; change it after signing in): ${password}\n`);
  } finally {
    close();
  }
}

async function list(store: Store, io: CommandIo): Promise<void> {
  const admins = await listAdmins(store.db);
  const width = Math.max('username'.length, ...admins.map((a) => a.username.length));
  io.out(`${'username'.padEnd(width)}  role             status\n`);
  for (const a of admins) io.out(`${a.username.padEnd(width)}  ${a.role.padEnd(15)}  ${a.status}\n`);
}

/** Runs one command and returns its exit code; every expected failure is a message, not a stack trace. */
export async function runAdminCommand(argv: string[], io: CommandIo): Promise<number> {
  let command: AdminCommand;
  let config: Config;
  try {
    command = parseAdminArgs(argv);
    if (command.name === 'help') {
      io.out(USAGE + '\n');
      return EXIT_OK;
    }
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.err(`Portico's configuration is not valid: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  let store: Store | undefined;
  try {
    store = await openOperatorStore(config);
    if (command.name === 'list') await list(store, io);
    else await resetPassword(config, store, command, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof PorticoError) {
      io.err(`${error.message}${error.code === 'admin.unknown_username' ? ' (npm run admin -- list shows the admins)' : ''}\n`);
      return error.kind === 'invalid' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.err(`The command failed: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  } finally {
    await store?.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

if (import.meta.main) {
  process.exitCode = await runAdminCommand(process.argv.slice(2), {
    env: process.env,
    readStdin: () => readAll(process.stdin),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
