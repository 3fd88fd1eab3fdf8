/**
 * `import <file> [--dry-run] [--passphrase-stdin]`: a configuration `export` wrote (./config-file.ts),
 * into this environment, empty or not. Each thing is matched by its id: created when it is not here,
 * updated when it differs, left alone when not; nothing here is deleted. Secrets are sealed again under
 * this environment's master key, each in its own row's context; a file without secrets leaves the
 * secrets here as they are. Created and changed things go through the same store functions and rules as
 * the Enterprise Center's (this environment's source policy included), each recorded with the API's audit
 * action, and the import as a whole (`config.import`); all of it in one transaction: a refusal imports
 * nothing. `--dry-run` runs the same and rolls it back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Store, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { ApiTable, ApplicationTable } from '../store/schema.ts';
import type { ProtocolColumns } from '../protocols/types.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { fail, PorticoError } from '../errors.ts';
import { recordAudit, type AuditInput } from '../audit/audit.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { migrationStatus } from '../store/migration-status.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';
import { createApi, getApiAccess, setApiAccess, updateApi } from '../apis/apis.ts';
import type { ApiSigningAlg } from '../apis/views.ts';
import { createSource, loadSourceConfig, splitSourceConfig, toSourceView, updateSource } from '../sources/source-store.ts';
import { changedTrustField, trustDefaults } from '../sources/trust-rules.ts';
import { sourcePolicyOf, sourceType } from '../identity/registry.ts';
import type { SourcePolicy } from '../identity/types.ts';
import { createIdentitySource, loadIdentitySource, updateIdentitySource } from '../sync/sources.ts';
import type { DingTalkSyncConfig, DingTalkSyncSecrets } from '../sync/dingtalk/config.ts';
import { assertIdentifierFree, getApplicationRow, toApplication } from '../applications/applications.ts';
import { enabledSources, setLoginConfiguration } from '../applications/login-configuration.ts';
import { applicationProtocol } from '../protocols/registry.ts';
import { openClientSecret, sealClientSecret } from '../protocols/oidc/client-secret.ts';
import { UsageError, type CommandIo } from './operator.ts';
import { openConfigFile, PASSPHRASE_ENV, readEnvelope, readPassphrase, type ApplicationEntry, type Configuration, type IdentitySourceEntry, type SourceEntry } from './config-file.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface ImportLine {
  kind: 'API' | 'source' | 'identity source' | 'application';
  id: string;
  name: string;
  outcome: Outcome;
  /** What changed, for an update. */
  changed: string[];
}

/** JSON with its object keys sorted: two values that mean the same compare equal. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted(value));
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
/** A JSON text column, compared by what it holds. */
const parsed = (v: unknown) => (typeof v === 'string' && /^[[{]/.test(v) ? JSON.parse(v) : v);

const secretMissing = (what: string) =>
  fail('config_file.secret_missing', `${what} has a secret, and the file holds none: export it with its secrets (not --without-secrets), or create it here in the console.`);
const mismatch = (what: string, why: string) => fail('config_file.mismatch', `${what} ${why}.`);

/** Runs one thing's import; a refusal names the thing. */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof PorticoError)) throw error;
    throw new PorticoError(error.kind, error.code, `${what}: ${error.message} Nothing was imported.`, { field: error.field, detail: error.detail, cause: error });
  }
}

type Audit = (event: AuditInput) => Promise<void>;

interface Target {
  tx: Tx;
  box: SecretBox;
  policy: SourcePolicy;
  publicUrl: string;
  audit: Audit;
}

async function importApi(t: Target, api: ApiTable): Promise<ImportLine> {
  const line = { kind: 'API', id: api.id, name: api.name } as const;
  const input = {
    name: api.name,
    identifier: api.identifier,
    description: api.description,
    scopes: JSON.parse(api.scopes),
    accessTokenLifetimeSeconds: api.access_token_lifetime_seconds,
    signingAlg: api.signing_alg as ApiSigningAlg,
  };
  const current = await t.tx.selectFrom('apis').selectAll().where('id', '=', api.id).executeTakeFirst();
  if (!current) {
    const created = await createApi(t.tx, input, api.id);
    await t.audit({ category: 'admin', action: 'api.create', target: { type: 'api', id: api.id }, after: created });
    return { ...line, outcome: 'created', changed: [] };
  }
  const columns = ['name', 'identifier', 'description', 'scopes', 'access_token_lifetime_seconds', 'signing_alg'] as const;
  const changed = columns.filter((c) => !same(parsed(current[c]), parsed(api[c])));
  if (!changed.length) return { ...line, outcome: 'unchanged', changed };
  const { before, after } = await updateApi(t.tx, api.id, input);
  await t.audit({ category: 'admin', action: 'api.update', target: { type: 'api', id: api.id }, before, after });
  return { ...line, outcome: 'updated', changed };
}

async function importSource(t: Target, s: SourceEntry): Promise<ImportLine> {
  const line = { kind: 'source', id: s.id, name: s.name } as const;
  const def = sourceType(s.type);
  const full = { ...s.config, ...s.secrets };
  const current = await t.tx.selectFrom('auth_sources').selectAll().where('id', '=', s.id).executeTakeFirst();
  if (!current) {
    if (def.secretFields.length && !s.secrets) throw secretMissing('It');
    const row = await createSource(t.tx, t.box, t.policy, { type: s.type, name: s.name, config: full }, s.id);
    // A new way to sign in: a security event (as the API records it).
    await t.audit({ category: 'security', action: 'source.create', target: { type: 'source', id: row.id }, after: toSourceView(row, t.publicUrl) });
    return { ...line, outcome: 'created', changed: [] };
  }
  if (current.type !== s.type) throw mismatch('It', `is a ${current.type} source here and a ${s.type} source in the file`);
  const here = splitSourceConfig(current.type, (await loadSourceConfig(t.tx, t.box, s.id)).config);
  const changed = [
    ...(current.name !== s.name ? ['name'] : []),
    ...(!same(here.publicPart, s.config) ? ['configuration'] : []),
    ...(s.secrets && !same(here.secretPart, s.secrets) ? ['secrets'] : []),
  ];
  if (!changed.length) return { ...line, outcome: 'unchanged', changed };
  const trustChange = changedTrustField(def.trustFields, { ...trustDefaults(def), ...JSON.parse(current.config) }, full);
  const { before, after } = await updateSource(t.tx, t.box, t.policy, s.id, { name: s.name, config: full });
  await t.audit({
    category: trustChange === undefined ? 'admin' : 'security',
    action: 'source.update',
    target: { type: 'source', id: s.id },
    before: toSourceView(before, t.publicUrl),
    after: toSourceView(after, t.publicUrl),
  });
  return { ...line, outcome: 'updated', changed };
}

async function importIdentitySource(t: Target, s: IdentitySourceEntry): Promise<ImportLine> {
  const line = { kind: 'identity source', id: s.id, name: s.name } as const;
  const config = s.config as unknown as DingTalkSyncConfig;
  const secrets = s.secrets as unknown as DingTalkSyncSecrets | undefined;
  const current = await t.tx.selectFrom('identity_sources').select('id').where('id', '=', s.id).executeTakeFirst();
  if (!current) {
    if (!secrets) throw secretMissing('It');
    const row = await createIdentitySource(t.tx, t.box, { name: s.name, enabled: s.enabled, config, secrets }, t.policy, s.id);
    await t.audit({ category: 'admin', action: 'identity_source.create', target: { type: 'identity_source', id: row.id }, after: { name: row.name, config: JSON.parse(row.config) } });
    return { ...line, outcome: 'created', changed: [] };
  }
  const here = await loadIdentitySource(t.tx, t.box, s.id);
  if (here.row.type !== s.type) throw mismatch('It', `is a ${here.row.type} identity source here and a ${s.type} one in the file`);
  const changedSecrets = secrets ? Object.keys(secrets).filter((k) => !same((here.secrets as unknown as Record<string, unknown>)[k], (secrets as unknown as Record<string, unknown>)[k])) : [];
  const changed = [
    ...(here.row.name !== s.name ? ['name'] : []),
    ...((here.row.enabled === 1) !== s.enabled ? ['enabled'] : []),
    ...(!same(here.config, config) ? ['configuration'] : []),
    ...(changedSecrets.length ? ['secrets'] : []),
  ];
  if (!changed.length) return { ...line, outcome: 'unchanged', changed };
  const after = await updateIdentitySource(t.tx, t.box, s.id, { name: s.name, enabled: s.enabled, config, ...(secrets ? { secrets } : {}) }, t.policy);
  await t.audit({
    category: 'admin',
    action: 'identity_source.update',
    target: { type: 'identity_source', id: s.id },
    before: { name: here.row.name, enabled: here.row.enabled === 1, config: here.config },
    after: { name: after.name, enabled: after.enabled === 1, config: JSON.parse(after.config), secretsChanged: changedSecrets },
  });
  return { ...line, outcome: 'updated', changed };
}

/** The columns every application has that an administrator sets; a built-in application's protocol columns are Portico's. */
const COMMON_COLUMNS = ['name', 'description', 'logo_url', 'second_factor', 'in_portal'] as const;
/** Every protocol column but the sealed secret, which is sealed again here (checked complete by the compiler). */
const PROTOCOL_COLUMNS = Object.keys({
  client_id: 1,
  client_type: 1,
  redirect_uris: 1,
  post_logout_redirect_uris: 1,
  first_party: 1,
  protocol_settings: 1,
} satisfies Record<Exclude<keyof ProtocolColumns, 'client_secret_enc'>, 1>) as Exclude<keyof ProtocolColumns, 'client_secret_enc'>[];

const COLUMN_WORDS: Record<string, string> = {
  logo_url: 'logo',
  second_factor: 'second-factor policy',
  in_portal: 'shown in My applications',
  client_id: 'client ID',
  client_type: 'client type',
  redirect_uris: 'redirect URIs',
  post_logout_redirect_uris: 'post-logout redirect URIs',
  first_party: 'first party',
  protocol_settings: 'protocol settings',
};

const sortedAccess = (grants: { apiId: string; scopes: string[] }[]) =>
  [...grants].sort((a, b) => a.apiId.localeCompare(b.apiId)).map((g) => ({ apiId: g.apiId, scopes: [...g.scopes].sort() }));

async function importLoginConfiguration(t: Target, a: ApplicationEntry, changed: string[]) {
  const id = a.row.id;
  const before = (await enabledSources(t.tx, id)).map((s) => s.id);
  if (same(before, a.loginConfiguration)) return;
  await setLoginConfiguration(t.tx, id, a.loginConfiguration);
  await t.audit({
    category: id === USER_CENTER_APP_ID ? 'security' : 'admin',
    action: 'application.login_configuration.update',
    target: { type: 'application', id },
    before: { enabledSources: before },
    after: { enabledSources: a.loginConfiguration },
  });
  changed.push('Login Configuration');
}

async function importApplication(t: Target, a: ApplicationEntry): Promise<ImportLine> {
  const { row: file } = a;
  const line = { kind: 'application', id: file.id, name: file.name } as const;
  const protocol = applicationProtocol(file.protocol);
  const current = await t.tx.selectFrom('applications').selectAll().where('id', '=', file.id).executeTakeFirst();
  if (!current) {
    if (file.built_in === 1) throw mismatch('It', 'is built into the Portico it came from, and not into this one (another version?)');
    if (a.hasSecret && a.clientSecret === undefined) throw secretMissing('It');
    await assertIdentifierFree(t.tx, file.client_id, file.id);
    const row: ApplicationTable = {
      id: file.id,
      protocol: protocol.name,
      built_in: 0,
      kind: file.kind,
      ...Object.fromEntries([...COMMON_COLUMNS, ...PROTOCOL_COLUMNS].map((c) => [c, file[c]])),
      client_secret_enc: a.hasSecret ? sealClientSecret(t.box, file.id, a.clientSecret!) : null,
      created_at: file.created_at,
      updated_at: nowIso(),
    } as ApplicationTable;
    await t.tx.insertInto('applications').values(row).execute();
    const apiAccess = a.apiAccess.length ? { apiAccess: await setApiAccess(t.tx, file.id, a.apiAccess) } : {};
    await t.audit({ category: 'admin', action: 'application.create', target: { type: 'application', id: file.id }, after: { ...toApplication(row), ...apiAccess } });
    await importLoginConfiguration(t, a, []);
    return { ...line, outcome: 'created', changed: [] };
  }

  if (current.built_in !== file.built_in) throw mismatch('It', current.built_in ? 'is built in here, and not in the file' : 'is built in in the file, and not here');
  if (current.protocol !== file.protocol) throw mismatch('It', `speaks ${current.protocol} here and ${file.protocol} in the file: an application's protocol does not change`);
  const builtIn = current.built_in === 1;
  const set: Partial<ApplicationTable> = {};
  const changed: string[] = [];
  for (const c of builtIn ? COMMON_COLUMNS : [...COMMON_COLUMNS, ...PROTOCOL_COLUMNS]) {
    if (file[c] === undefined || same(parsed(current[c]), parsed(file[c]))) continue;
    Object.assign(set, { [c]: file[c] });
    changed.push(COLUMN_WORDS[c] ?? c);
  }
  let newSecret = false;
  if (!builtIn) {
    if (!a.hasSecret && current.client_secret_enc !== null) {
      set.client_secret_enc = null;
      changed.push('client secret removed');
    } else if (a.hasSecret && a.clientSecret !== undefined && openClientSecret(t.box, current) !== a.clientSecret) {
      set.client_secret_enc = sealClientSecret(t.box, file.id, a.clientSecret);
      newSecret = true;
      changed.push('client secret');
    } else if (a.hasSecret && a.clientSecret === undefined && current.client_secret_enc === null) throw secretMissing('It');
  }
  await assertIdentifierFree(t.tx, set.client_id, file.id);

  const before = toApplication(current);
  if (Object.keys(set).length) await t.tx.updateTable('applications').set({ ...set, updated_at: nowIso() }).where('id', '=', file.id).execute();
  let access: { before: unknown; after: unknown } | undefined;
  if (!builtIn) {
    const accessBefore = await getApiAccess(t.tx, file.id);
    if (!same(sortedAccess(accessBefore), sortedAccess(a.apiAccess))) {
      access = { before: accessBefore, after: await setApiAccess(t.tx, file.id, a.apiAccess) };
      changed.push('API access');
    }
  }
  if (Object.keys(set).length || access) {
    const after = toApplication(await getApplicationRow(t.tx, file.id));
    await t.audit({
      category: 'admin',
      action: 'application.update',
      target: { type: 'application', id: file.id },
      before: access ? { ...before, apiAccess: access.before } : before,
      after: access ? { ...after, apiAccess: access.after } : after,
    });
  }
  // A new secret, as the console's renewal records it (the secret itself never is).
  if (newSecret) await t.audit({ category: 'admin', action: 'application.rotate_secret', target: { type: 'application', id: file.id } });
  await importLoginConfiguration(t, a, changed);
  return { ...line, outcome: changed.length ? 'updated' : 'unchanged', changed };
}

/** Thrown to roll a dry run back once everything has been checked and written. */
class DryRun extends Error {}

/**
 * Imports the configuration in one transaction; returns what was (or, in a dry run, would be) created,
 * updated and left alone. APIs and sources first: applications refer to them.
 */
export async function importConfiguration(
  store: Store,
  box: SecretBox,
  config: Config,
  configuration: Configuration,
  o: { dryRun: boolean; file: string; exportedFrom: string; exportedAt: string },
): Promise<ImportLine[]> {
  const lines: ImportLine[] = [];
  try {
    await store.transaction(async (tx) => {
      const t: Target = { tx, box, policy: sourcePolicyOf(config), publicUrl: config.publicUrl, audit: (event) => recordAudit(tx, OPERATOR_ACTOR, event) };
      for (const api of configuration.apis) lines.push(await step(`API ${JSON.stringify(api.name)} (${api.id})`, () => importApi(t, api)));
      for (const s of configuration.sources) lines.push(await step(`Authentication source ${JSON.stringify(s.name)} (${s.id})`, () => importSource(t, s)));
      for (const s of configuration.identitySources) lines.push(await step(`Identity source ${JSON.stringify(s.name)} (${s.id})`, () => importIdentitySource(t, s)));
      for (const a of configuration.applications) lines.push(await step(`Application ${JSON.stringify(a.row.name)} (${a.row.id})`, () => importApplication(t, a)));
      const count = (outcome: Outcome) => lines.filter((l) => l.outcome === outcome).length;
      await t.audit({
        category: 'security',
        action: 'config.import',
        after: { file: o.file, exportedFrom: o.exportedFrom, exportedAt: o.exportedAt, created: count('created'), updated: count('updated'), unchanged: count('unchanged') },
      });
      if (o.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return lines;
}

export async function importConfigurationCommand(
  config: Config,
  store: Store,
  box: SecretBox,
  command: { file: string; dryRun: boolean; passphraseStdin: boolean },
  io: CommandIo,
): Promise<void> {
  const file = path.resolve(command.file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw fail('cli.file_not_found', `There is no file ${file}.`);
    throw error;
  }
  const read = readEnvelope(text);
  const { envelope } = read;
  const status = await migrationStatus(store);
  if (!status.known.includes(envelope.migration)) {
    throw fail('config_file.too_new', `The file comes from a newer version of Portico (its database is at ${envelope.migration}; this one knows up to ${status.latest}): import it with that version.`);
  }
  let passphrase: string | undefined;
  if (read.encrypted) {
    passphrase = await readPassphrase(io, command.passphraseStdin);
    if (passphrase === undefined) throw new UsageError(`the file's secrets are encrypted: give its passphrase on standard input (--passphrase-stdin) or in ${PASSPHRASE_ENV}`);
  } else if (command.passphraseStdin) throw new UsageError('--passphrase-stdin: the file is not encrypted (it was exported --without-secrets)');
  const configuration = await openConfigFile(read, passphrase);

  const lines = await importConfiguration(store, box, config, configuration, {
    dryRun: command.dryRun,
    file,
    exportedFrom: envelope.exportedFrom,
    exportedAt: envelope.exportedAt,
  });
  io.out(`${command.dryRun ? 'Dry run of the import' : 'Imported'} ${file} (exported from ${envelope.exportedFrom} at ${envelope.exportedAt}, ${read.encrypted ? 'with' : 'without'} secrets):\n`);
  const kindWidth = Math.max(...lines.map((l) => l.kind.length), 0);
  const idWidth = Math.max(...lines.map((l) => l.id.length), 0);
  for (const l of lines) {
    io.out(`  ${l.outcome.padEnd(9)}  ${l.kind.padEnd(kindWidth)}  ${l.id.padEnd(idWidth)}  ${JSON.stringify(l.name)}${l.changed.length ? `: ${l.changed.join(', ')}` : ''}\n`);
  }
  const count = (outcome: Outcome) => lines.filter((l) => l.outcome === outcome).length;
  io.out(`${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged.${command.dryRun ? ' Dry run: nothing was changed.' : ''}\n`);
}
