/**
 * The configuration file `export` writes and `import` reads (src/cli/config-export.ts,
 * src/cli/config-import.ts): what it holds, and how its secrets are kept.
 *
 * The secrets are in it opened (no master key travels), so a file with secrets is encrypted as a whole
 * with a passphrase: a key is derived with scrypt (RFC 7914; N = 2^17, r = 8, p = 1: 128 MiB and about
 * half a second, per file, for each guess too) and the configuration sealed with AES-256-GCM, the
 * envelope's own fields bound as additional data. Without secrets (`--without-secrets`) the file is
 * plain JSON, readable and comparable, and nothing in it is secret.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import type { ApiTable, ApplicationTable } from '../store/schema.ts';
import { fail } from '../errors.ts';
import { passwordFromStdin, UsageError, type CommandIo } from './operator.ts';

export const FORMAT = 'portico-configuration';
export const FORMAT_VERSION = 1;
/** Where the passphrase may come from, when not from standard input. */
export const PASSPHRASE_ENV = 'PORTICO_CONFIG_PASSPHRASE';
/** A file with secrets leaves the server: its passphrase is guessed offline, each guess costing one scrypt. */
export const PASSPHRASE_MIN_LENGTH = 16;

const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** scrypt needs 128 · N · r bytes; Node refuses more than 32 MiB unless told. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** An application as it travels: its row (the secret opened, or left out), its Login Configuration and its API access. */
export interface ApplicationEntry {
  row: Omit<ApplicationTable, 'client_secret_enc'>;
  /** Whether it has a client secret where it was exported. */
  hasSecret: boolean;
  /** The secret in clear; absent in a file without secrets. */
  clientSecret?: string;
  /** The enabled authentication sources, in login-page order. */
  loginConfiguration: string[];
  apiAccess: { apiId: string; scopes: string[] }[];
}

/** An authentication source: its configuration, the secret fields apart (absent in a file without secrets). */
export interface SourceEntry {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** An identity source (directory sync): its configuration; its runs, events and stream state stay behind. */
export interface IdentitySourceEntry {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}

/** A Portico's configuration: what moves between environments. People, admins, keys and logs do not. */
export interface Configuration {
  apis: ApiTable[];
  sources: SourceEntry[];
  identitySources: IdentitySourceEntry[];
  /** With their protocol settings, Login Configurations and second-factor policies. */
  applications: ApplicationEntry[];
}

/** What the file says of itself, in clear in both kinds of file (and bound to the encrypted configuration). */
export interface Envelope {
  format: typeof FORMAT;
  version: number;
  exportedAt: string;
  /** The public URL of the Portico it came from. */
  exportedFrom: string;
  /** The last migration of the database it came from: a Portico that does not know it does not import it. */
  migration: string;
  secrets: 'encrypted' | 'omitted';
  counts: Record<keyof Configuration, number>;
}

interface Sealed {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

type ConfigFile = Envelope & ({ configuration: Configuration } | { encryption: Sealed });

export const countsOf = (c: Configuration): Envelope['counts'] => ({
  apis: c.apis.length,
  sources: c.sources.length,
  identitySources: c.identitySources.length,
  applications: c.applications.length,
});

/** The envelope's fields in a fixed order: the additional data the encryption binds. */
const aad = (e: Envelope) =>
  Buffer.from(JSON.stringify([e.format, e.version, e.exportedAt, e.exportedFrom, e.migration, e.secrets, e.counts.apis, e.counts.sources, e.counts.identitySources, e.counts.applications]));

const deriveKey = (passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) =>
  scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: SCRYPT_MAXMEM });

/** The file's text: the configuration in clear when it holds no secret, else encrypted with the passphrase. */
export async function writeConfigFile(envelope: Envelope, configuration: Configuration, passphrase: string | undefined): Promise<string> {
  if (envelope.secrets === 'omitted') return JSON.stringify({ ...envelope, configuration } satisfies ConfigFile, null, 2) + '\n';
  if (passphrase === undefined) throw new Error('a file with secrets needs a passphrase');
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(aad(envelope));
  const data = Buffer.concat([cipher.update(JSON.stringify(configuration), 'utf8'), cipher.final()]);
  const encryption: Sealed = {
    kdf: 'scrypt',
    ...SCRYPT,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify({ ...envelope, encryption } satisfies ConfigFile, null, 2) + '\n';
}

const notAConfigFile = (why: string) => fail('config_file.invalid', `This is not a Portico configuration file: ${why}.`);

/** The envelope, checked, and whether it needs a passphrase to open. */
export function readEnvelope(text: string): { envelope: Envelope; encrypted: boolean; file: ConfigFile } {
  let file: ConfigFile;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw notAConfigFile(`it is not JSON (${(error as Error).message})`);
  }
  if (!file || typeof file !== 'object' || file.format !== FORMAT) throw notAConfigFile(`its format is not "${FORMAT}"`);
  if (file.version !== FORMAT_VERSION) throw notAConfigFile(`its version is ${JSON.stringify(file.version)}, this Portico reads version ${FORMAT_VERSION}`);
  const { format, version, exportedAt, exportedFrom, migration, secrets, counts } = file;
  if (secrets === 'encrypted' && !('encryption' in file)) throw notAConfigFile('it says it holds secrets but is not encrypted');
  if (secrets === 'omitted' && !('configuration' in file)) throw notAConfigFile('it holds no configuration');
  if (typeof migration !== 'string' || !counts) throw notAConfigFile('its header is incomplete');
  return { envelope: { format, version, exportedAt, exportedFrom, migration, secrets, counts }, encrypted: secrets === 'encrypted', file };
}

/** The configuration the file holds, decrypted with the passphrase when it is encrypted. */
export async function openConfigFile(read: ReturnType<typeof readEnvelope>, passphrase: string | undefined): Promise<Configuration> {
  const { file, envelope } = read;
  let configuration: Configuration;
  if ('configuration' in file) configuration = file.configuration;
  else {
    if (passphrase === undefined) throw new Error('an encrypted file needs a passphrase');
    const s = file.encryption;
    if (s.kdf !== 'scrypt' || s.cipher !== 'aes-256-gcm') throw notAConfigFile(`it is encrypted with ${s.kdf}/${s.cipher}, not scrypt/aes-256-gcm`);
    // The cost parameters come from the file: bounded, so that a file cannot make the import take all memory.
    if (!(s.N >= 2 ** 14 && s.N <= 2 ** 20 && s.r >= 1 && s.r <= 16 && s.p >= 1 && s.p <= 4 && 128 * s.N * s.r <= SCRYPT_MAXMEM)) throw notAConfigFile('its key derivation parameters are out of bounds');
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, Buffer.from(s.salt, 'base64'), s), Buffer.from(s.iv, 'base64'));
    decipher.setAAD(aad(envelope));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    let text: string;
    try {
      text = Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw fail('config_file.wrong_passphrase', 'The passphrase does not open this file (or the file was changed after it was written).');
    }
    configuration = JSON.parse(text);
  }
  for (const key of ['apis', 'sources', 'identitySources', 'applications'] as const) {
    if (!Array.isArray(configuration?.[key])) throw notAConfigFile(`its ${key} are missing`);
  }
  return configuration;
}

/**
 * The passphrase: from standard input with `--passphrase-stdin` (its final newline dropped), else from
 * PORTICO_CONFIG_PASSPHRASE; never from the command line, where other local users see it. Undefined when
 * neither is given.
 */
export async function readPassphrase(io: CommandIo, fromStdin: boolean): Promise<string | undefined> {
  const passphrase = fromStdin ? passwordFromStdin(await io.readStdin()) : io.env[PASSPHRASE_ENV] || undefined;
  if (fromStdin && !passphrase) throw new UsageError('--passphrase-stdin: nothing was read from standard input');
  return passphrase;
}

export function checkNewPassphrase(passphrase: string): void {
  if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
    throw fail('config_file.passphrase_too_short', `The passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters: the file leaves this server, and a guess at it is tried offline.`);
  }
}
