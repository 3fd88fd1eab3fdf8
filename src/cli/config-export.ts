/**
 * `export <file> [--without-secrets] [--passphrase-stdin]`: the configuration (applications with their
 * protocol settings, Login Configurations and second-factor policies; APIs; authentication and identity
 * sources) to a file, for `import` in another environment (./config-file.ts says what it holds).
 * Secrets are opened with this environment's master key and the file is encrypted with a passphrase;
 * or they are left out. Audited (`config.export`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Store, Tx } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { PRIVATE_FILE_MODE } from '../store/private-files.ts';
import { levelOf, migrationStatus } from '../store/migration-status.ts';
import { openClientSecret } from '../protocols/oidc/client-secret.ts';
import { enabledSources } from '../applications/login-configuration.ts';
import { getApiAccess } from '../apis/apis.ts';
import { listSources, loadSourceConfig, splitSourceConfig } from '../sources/source-store.ts';
import { listIdentitySourceRows, loadIdentitySource } from '../sync/sources.ts';
import { recordAudit } from '../audit/audit.ts';
import { OPERATOR_ACTOR } from '../admin/operator-reset.ts';
import { fileExists } from './backup.ts';
import { UsageError, type CommandIo } from './operator.ts';
import { checkNewPassphrase, countsOf, FORMAT, FORMAT_VERSION, PASSPHRASE_ENV, readPassphrase, writeConfigFile, type Configuration, type Envelope } from './config-file.ts';

/** The configuration as it is in the store, secrets opened with `box`, or left out. */
export async function readConfiguration(tx: Tx, box: SecretBox, withSecrets: boolean): Promise<Configuration> {
  const apis = await tx.selectFrom('apis').selectAll().orderBy('created_at').orderBy('id').execute();

  const sources = [];
  for (const row of await listSources(tx, {})) {
    const { publicPart: config, secretPart: secrets } = splitSourceConfig(row.type, (await loadSourceConfig(tx, box, row.id)).config);
    sources.push({ id: row.id, type: row.type, name: row.name, config, ...(withSecrets && Object.keys(secrets).length ? { secrets } : {}) });
  }

  const identitySources = [];
  for (const row of await listIdentitySourceRows(tx)) {
    const { config, secrets } = await loadIdentitySource(tx, box, row.id);
    identitySources.push({
      id: row.id,
      type: row.type,
      name: row.name,
      enabled: row.enabled === 1,
      config: config as unknown as Record<string, unknown>,
      ...(withSecrets ? { secrets: secrets as unknown as Record<string, unknown> } : {}),
    });
  }

  const applications = [];
  for (const app of await tx.selectFrom('applications').selectAll().orderBy('created_at').orderBy('id').execute()) {
    const { client_secret_enc, ...row } = app;
    const clientSecret = withSecrets ? openClientSecret(box, app) : undefined;
    applications.push({
      row,
      hasSecret: client_secret_enc !== null,
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      loginConfiguration: (await enabledSources(tx, app.id)).map((s) => s.id),
      apiAccess: await getApiAccess(tx, app.id),
    });
  }
  return { apis, sources, identitySources, applications };
}

export async function exportConfiguration(
  config: Config,
  store: Store,
  box: SecretBox,
  command: { file: string; withoutSecrets: boolean; passphraseStdin: boolean },
  io: CommandIo,
): Promise<void> {
  const file = path.resolve(command.file);
  if (existsSync(file)) throw fileExists(file, 'an export is never written over another file. Name a new one.');
  let passphrase: string | undefined;
  if (!command.withoutSecrets) {
    passphrase = await readPassphrase(io, command.passphraseStdin);
    if (passphrase === undefined) {
      throw new UsageError(`the export holds the secrets, encrypted with a passphrase: give one on standard input (--passphrase-stdin) or in ${PASSPHRASE_ENV}, or export --without-secrets`);
    }
    checkNewPassphrase(passphrase);
  } else if (command.passphraseStdin) throw new UsageError('--passphrase-stdin: a file --without-secrets is not encrypted');

  // One snapshot: on PostgreSQL a repeatable-read transaction (SQLite's transaction is one already).
  const read = (tx: Tx) => readConfiguration(tx, box, !command.withoutSecrets);
  const configuration = store.dialect === 'postgres' ? await store.db.transaction().setIsolationLevel('repeatable read').execute(read) : await store.transaction(read);
  const envelope: Envelope = {
    format: FORMAT,
    version: FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    exportedFrom: config.publicUrl,
    migration: levelOf(await migrationStatus(store))!,
    secrets: command.withoutSecrets ? 'omitted' : 'encrypted',
    counts: countsOf(configuration),
  };
  // Private, and never over a file made meanwhile.
  writeFileSync(file, await writeConfigFile(envelope, configuration, passphrase), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  await recordAudit(store.db, OPERATOR_ACTOR, {
    category: 'security',
    action: 'config.export',
    after: { file, encrypted: !command.withoutSecrets, counts: envelope.counts },
  });
  const c = envelope.counts;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  io.out(
    `Exported ${n(c.applications, 'application', 'applications')}, ${n(c.apis, 'API', 'APIs')}, ${n(c.sources, 'authentication source', 'authentication sources')} ` +
      `and ${n(c.identitySources, 'identity source', 'identity sources')} to ${file}`,
  );
  io.out(command.withoutSecrets ? ', without their secrets.\n' : ', their secrets encrypted with the passphrase.\n');
}
