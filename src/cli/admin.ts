/**
 * `npm run admin -- <command>`: operator commands, run on a Portico server with its configuration (the
 * same PORTICO_* variables and PORTICO_CONFIG_FILE as `npm start`), for what must work when the console
 * cannot. They open the store, never the HTTP server, so they work while nodes run and when none can be
 * signed in to (restore excepted: it wants every node stopped). Each command's work is in its own file
 * here; this one reads the command line, runs the command and turns its outcome into an exit code.
 */
import { loadConfig, type Config } from '../config.ts';
import { ConfigError } from '../config-error.ts';
import type { Store } from '../store/database.ts';
import { OPERATOR_PASSWORD_MIN_LENGTH } from '../admin/operator-reset.ts';
import { PorticoError } from '../errors.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, openExistingStore, openOperatorStore, operatorSecretBox, UsageError, type CommandIo } from './operator.ts';
import { resetPassword } from './reset-password.ts';
import { listAdminsCommand } from './list-admins.ts';
import { createSuperAdmin } from './create-admin.ts';
import { KEY_KINDS, listKeys, rotateKeys, type KeyKind } from './keys.ts';
import { migrateOnly } from './migrate.ts';
import { checkConfiguration } from './check-config.ts';
import { backup } from './backup.ts';
import { BEFORE_RESTORE_SUFFIX, restore } from './restore.ts';
import { exportConfiguration } from './config-export.ts';
import { importConfigurationCommand } from './config-import.ts';
import { PASSPHRASE_ENV, PASSPHRASE_MIN_LENGTH } from './config-file.ts';

export const USAGE = `Usage: npm run admin -- <command>

Admins
  create-admin <username> [--password-stdin]
      Creates a super admin. The password is generated and printed once, or read from standard input
      with --password-stdin (at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters).
  reset-password <username> [--password-stdin]
      Sets a new password for the admin, makes the account active, ends all of its sessions and
      clears its failed-password counts. The password is generated and printed once, or read
      from standard input with --password-stdin (at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters).
  list
      Lists the admins: username, role, status.

Signing keys
  keys list
      The OpenID Connect and SAML signing keys and their states (next, active, retiring, retired).
  keys rotate oidc|saml [--now | --force]
      Without an option, in two runs as in the console: the first publishes the next key(s) without
      signing; the second, after the wait the first prints, makes them sign. --force: make published
      next keys sign before the wait is over. --now: new keys sign at once (a compromised key).

Database
  migrate
      Applies the pending migrations and nothing else (the other commands apply them first too,
      except check-config and backup; restore applies them to the database it restored).
  check-config
      Loads the configuration as npm start does and tries the master key, the database and Redis;
      changes nothing. Exit code 0: no problem found; 2: problems, listed.
  backup <file>
      SQLite: copies the database, consistent, into a new file (mode 0600) while nodes keep running.
      PostgreSQL: use pg_dump.
  restore <file>
      SQLite: puts a backup in place of the database. STOP EVERY NODE FIRST: it is refused while any
      process has the database open. The backup must be a sound Portico database no newer than this
      version, sealed under the master key configured here; the database it replaces is kept as
      <database>${BEFORE_RESTORE_SUFFIX}. PostgreSQL: use pg_restore.

Configuration (applications, their Login Configurations and second-factor policies, APIs,
authentication sources, identity sources)
  export <file> [--without-secrets] [--passphrase-stdin]
      Writes it to a new file (mode 0600), to import in another environment. Its secrets are in it,
      encrypted with a passphrase (at least ${PASSPHRASE_MIN_LENGTH} characters) read from standard input with
      --passphrase-stdin or from ${PASSPHRASE_ENV}; --without-secrets leaves them out (plain JSON).
  import <file> [--dry-run] [--passphrase-stdin]
      Creates or updates by id what the file holds (nothing is deleted) and prints what changed;
      secrets are sealed under this environment's master key, and a file without secrets keeps the
      secrets here. --dry-run: checks and reports, changes nothing.

Changes are recorded in the audit log as "operator (command line)". Configuration comes from the same
PORTICO_* variables as npm start (PORTICO_DATABASE_URL, PORTICO_DATA_DIR, PORTICO_MASTER_KEY,
PORTICO_CONFIG_FILE, ...). Exit codes: 0 done; 1 the command could not do it; 2 a wrong invocation
or configuration.`;

export type AdminCommand =
  | { name: 'reset-password'; username: string; passwordStdin: boolean }
  | { name: 'create-admin'; username: string; passwordStdin: boolean }
  | { name: 'list' }
  | { name: 'keys-list' }
  | { name: 'keys-rotate'; kind: KeyKind; now: boolean; force: boolean }
  | { name: 'migrate' }
  | { name: 'check-config' }
  | { name: 'backup'; file: string }
  | { name: 'restore'; file: string }
  | { name: 'export'; file: string; withoutSecrets: boolean; passphraseStdin: boolean }
  | { name: 'import'; file: string; dryRun: boolean; passphraseStdin: boolean }
  | { name: 'help' };

/** A command's words: the options it takes (each given at most once) and the rest, in order. */
function split(rest: string[], options: readonly string[]) {
  const given = new Set<string>();
  const words: string[] = [];
  for (const arg of rest) {
    if (!arg.startsWith('-')) words.push(arg);
    else if (!options.includes(arg)) throw new UsageError(`unknown option ${arg}`);
    else given.add(arg);
  }
  return { words, has: (option: string) => given.has(option) };
}

function noArguments(name: string, rest: string[]) {
  if (rest.length > 0) throw new UsageError(`${name} takes no arguments, got ${rest.join(' ')}`);
}

function oneWord(name: string, what: string, words: string[]): string {
  if (words.length !== 1 || !words[0].trim()) throw new UsageError(`${name} needs exactly one ${what}`);
  return words[0];
}

export function parseAdminArgs(argv: string[]): AdminCommand {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError('a command is needed');
  switch (name) {
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'list':
    case 'migrate':
    case 'check-config':
      noArguments(name, rest);
      return { name };
    case 'reset-password':
    case 'create-admin': {
      const { words, has } = split(rest, ['--password-stdin']);
      return { name, username: oneWord(name, 'username', words), passwordStdin: has('--password-stdin') };
    }
    case 'keys': {
      const [sub, ...more] = rest;
      if (sub === 'list') {
        noArguments('keys list', more);
        return { name: 'keys-list' };
      }
      if (sub === 'rotate') {
        const { words, has } = split(more, ['--now', '--force']);
        const kind = oneWord('keys rotate', 'kind of key (oidc or saml)', words);
        if (!KEY_KINDS.includes(kind as KeyKind)) throw new UsageError(`keys rotate: ${JSON.stringify(kind)} is not a kind of key: oidc or saml`);
        if (has('--now') && has('--force')) throw new UsageError('keys rotate: --now or --force, not both');
        return { name: 'keys-rotate', kind: kind as KeyKind, now: has('--now'), force: has('--force') };
      }
      throw new UsageError(sub === undefined ? 'keys needs list or rotate' : `unknown keys command ${JSON.stringify(sub)}`);
    }
    case 'backup':
    case 'restore': {
      const { words } = split(rest, []);
      return { name, file: oneWord(name, 'file', words) };
    }
    case 'export': {
      const { words, has } = split(rest, ['--without-secrets', '--passphrase-stdin']);
      return { name, file: oneWord(name, 'file', words), withoutSecrets: has('--without-secrets'), passphraseStdin: has('--passphrase-stdin') };
    }
    case 'import': {
      const { words, has } = split(rest, ['--dry-run', '--passphrase-stdin']);
      return { name, file: oneWord(name, 'file', words), dryRun: has('--dry-run'), passphraseStdin: has('--passphrase-stdin') };
    }
  }
  throw new UsageError(`unknown command ${JSON.stringify(name)}`);
}

/** What to try next, after some refusals. */
const HINTS: Record<string, string> = {
  'admin.unknown_username': ' (npm run admin -- list shows the admins)',
  'signing_keys.activation_too_early': ' (--force makes them sign now)',
  'saml_signing_keys.activation_too_early': ' (--force makes it sign now)',
};

/** The commands that work on the migrated store, as a node would. */
async function runOnStore(config: Config, store: Store, command: AdminCommand, io: CommandIo): Promise<void> {
  switch (command.name) {
    case 'list':
      return listAdminsCommand(store, io);
    case 'reset-password':
      return resetPassword(config, store, command, io);
    case 'create-admin':
      return void (await createSuperAdmin(store, command, io));
    case 'keys-list':
      return listKeys(store, io);
    case 'keys-rotate':
      return rotateKeys(store, operatorSecretBox(config), command.kind, command, io);
    case 'export':
      return exportConfiguration(config, store, operatorSecretBox(config), command, io);
    case 'import':
      return importConfigurationCommand(config, store, operatorSecretBox(config), command, io);
  }
  throw new Error(`${command.name} does not run on the store`);
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
    // It reports a configuration's problems itself, as npm start would.
    if (command.name === 'check-config') return await checkConfiguration(io);
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
    if (command.name === 'backup') await backup(config, command.file, io);
    else if (command.name === 'restore') await restore(config, command.file, io);
    else if (command.name === 'migrate') await migrateOnly((store = await openExistingStore(config)), io);
    else await runOnStore(config, (store = await openOperatorStore(config)), command, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message} (npm run admin -- help shows the usage)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof PorticoError) {
      io.err(`${error.message}${HINTS[error.code] ?? ''}\n`);
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
