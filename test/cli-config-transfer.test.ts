/**
 * `npm run admin -- export` and `import` (src/cli/config-export.ts, src/cli/config-import.ts), run as
 * child processes on both databases: the configuration of one Portico (applications with their protocol
 * settings, Login Configurations and second-factor policies, an API, authentication and identity
 * sources, their secrets) moves into a fresh one with another master key; an imported machine-to-machine
 * application gets tokens there with its exported client secret; the file keeps its secrets encrypted
 * (or leaves them out); a dry run changes nothing; a second import changes nothing; a later import
 * updates what changed; every change is audited as the operator.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describeEachDialect } from './helpers/harness.ts';
import { startCliNode, V1, type CliNode } from './helpers/cli-node.ts';
import { loadSourceConfig } from '../src/sources/source-store.ts';
import { loadIdentitySource } from '../src/sync/sources.ts';
import { PASSWORD_SOURCE_ID, ROOT_ORG_UNIT_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';

const PASSPHRASE = 'a passphrase long enough to share';
const UPSTREAM_SECRET = 'the secret Portico holds at the upstream IdP';
const DINGTALK_SECRET = 'the DingTalk app secret';
const API_IDENTIFIER = 'https://orders.example.com/api';

async function clientCredentials(node: CliNode, clientId: string, secret: string) {
  const res = await fetch(`${node.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', resource: API_IDENTIFIER }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describeEachDialect('operator command: export and import the configuration', (dialect) => {
  let from: CliNode;
  let to: CliNode;
  let dir: string;
  const made = {} as { api: string; machine: { id: string; clientId: string; secret: string }; web: { id: string; clientId: string }; openid: string; dingtalk: string; directory: string };
  const file = (name: string) => path.join(dir, name);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'portico-cli-files-'));
    [from, to] = await Promise.all([startCliNode(dialect), startCliNode(dialect)]);
    const ok = (res: { status: number; body: any }, status = 201) => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      return res.body;
    };
    made.api = ok(await from.api('POST', `${V1}/apis`, { name: 'Orders', identifier: API_IDENTIFIER, scopes: [{ name: 'orders:read', description: 'Read orders' }] })).id;
    const machine = ok(await from.api('POST', `${V1}/applications`, { name: 'Nightly sync', clientType: 'machine', redirectUris: [], apiAccess: [{ apiId: made.api, scopes: ['orders:read'] }] }));
    made.machine = { id: machine.application.id, clientId: machine.application.clientId, secret: machine.clientSecret };
    made.openid = ok(await from.api('POST', `${V1}/sources`, { type: 'openid', name: 'Company IdP', config: { issuer: 'https://idp.example.com', clientId: 'portico', clientSecret: UPSTREAM_SECRET } })).id;
    made.dingtalk = ok(await from.api('POST', `${V1}/sources`, { type: 'dingtalk', name: 'DingTalk', config: { appKey: 'ding-app', appSecret: DINGTALK_SECRET, corpId: 'ding-corp' } })).id;
    made.directory = ok(
      await from.api('POST', `${V1}/identity-sources`, {
        type: 'dingtalk',
        name: 'Directory',
        config: { corpId: 'ding-corp', appKey: 'ding-app', orgUnitId: ROOT_ORG_UNIT_ID, bindSourceId: made.dingtalk, transport: 'none' },
        secrets: { appSecret: DINGTALK_SECRET },
      }),
    ).id;
    const web = ok(
      await from.api('POST', `${V1}/applications`, {
        name: 'Intranet',
        clientType: 'confidential',
        redirectUris: ['https://intranet.example.com/callback'],
        secondFactor: { mode: 'always', factors: ['totp'] },
      }),
    );
    made.web = { id: web.application.id, clientId: web.application.clientId };
    ok(await from.api('PUT', `${V1}/applications/${made.web.id}/login-configuration`, { sources: [made.openid, PASSWORD_SOURCE_ID] }), 200);
    ok(await from.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { sources: [PASSWORD_SOURCE_ID, SMS_SOURCE_ID] }), 200);
  });
  after(async () => {
    await Promise.all([from?.close(), to?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the export is private, refuses to go out without a passphrase or over a file, and keeps no secret in clear', async () => {
    const unencrypted = await from.admin(['export', file('none.json')]);
    assert.equal(unencrypted.code, 2, unencrypted.stderr);
    assert.match(unencrypted.stderr, /give one on standard input \(--passphrase-stdin\) or in PORTICO_CONFIG_PASSPHRASE, or export --without-secrets/);
    const short = await from.admin(['export', file('none.json'), '--passphrase-stdin'], { input: 'too short\n' });
    assert.equal(short.code, 2, short.stderr);
    assert.match(short.stderr, /at least 16 characters/);

    const { code, stdout, stderr } = await from.admin(['export', file('all.json'), '--passphrase-stdin'], { input: `${PASSPHRASE}\n` });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Exported 3 applications, 1 API, 5 authentication sources and 1 identity source to .*all\.json, their secrets encrypted with the passphrase\./);
    assert.equal(statSync(file('all.json')).mode & 0o777, 0o600);
    const text = readFileSync(file('all.json'), 'utf8');
    for (const secret of [made.machine.secret, UPSTREAM_SECRET, DINGTALK_SECRET, 'Intranet', 'Company IdP']) assert.ok(!text.includes(secret), `${secret} is not in the file in clear`);
    const envelope = JSON.parse(text);
    assert.equal(envelope.format, 'portico-configuration');
    assert.equal(envelope.secrets, 'encrypted');
    assert.equal(envelope.encryption.kdf, 'scrypt');
    assert.equal(envelope.encryption.cipher, 'aes-256-gcm');

    const again = await from.admin(['export', file('all.json')], { env: { PORTICO_CONFIG_PASSPHRASE: PASSPHRASE } });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /exists already/);

    const plain = await from.admin(['export', file('plain.json'), '--without-secrets']);
    assert.equal(plain.code, 0, plain.stderr);
    const open = readFileSync(file('plain.json'), 'utf8');
    assert.ok(open.includes('Intranet'), 'readable');
    for (const secret of [made.machine.secret, UPSTREAM_SECRET, DINGTALK_SECRET]) assert.ok(!open.includes(secret), 'no secret');
    assert.equal(JSON.parse(open).secrets, 'omitted');

    const events = await from.audit('config.export');
    assert.equal(events.length, 2);
    assert.equal(events[0].actor_name, 'operator (command line)');
    assert.equal(events[0].category, 'security');
    assert.equal(JSON.parse(events[0].after!).encrypted, true);
    assert.equal(JSON.parse(events[1].after!).encrypted, false);
  });

  test('a wrong passphrase and a dry run change nothing in the fresh Portico', async () => {
    const wrong = await to.admin(['import', file('all.json'), '--passphrase-stdin'], { input: 'not the passphrase at all\n' });
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.stderr, /The passphrase does not open this file/);
    const missing = await to.admin(['import', file('all.json')]);
    assert.equal(missing.code, 2, missing.stderr);

    const dry = await to.admin(['import', file('all.json'), '--dry-run', '--passphrase-stdin'], { input: PASSPHRASE });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Dry run of the import/);
    assert.match(dry.stdout, new RegExp(`created\\s+application\\s+${made.machine.id}\\s+"Nightly sync"`));
    assert.match(dry.stdout, new RegExp(`created\\s+identity source\\s+${made.directory}`));
    assert.match(dry.stdout, /unchanged\s+source\s+src_password/);
    assert.match(dry.stdout, /updated\s+application\s+app_user_center\s+"User Center": Login Configuration/);
    assert.match(dry.stdout, /6 created, 1 updated, 3 unchanged\. Dry run: nothing was changed\./);
    assert.equal((await to.api('GET', `${V1}/applications/${made.machine.id}`)).status, 404);
    assert.equal((await to.audit('config.import')).length, 0);
    assert.equal((await to.audit('application.create')).length, 0);
  });

  test('imported into a Portico with another master key: the application gets tokens with its exported secret; secrets sealed again; audited', async () => {
    assert.equal((await clientCredentials(to, made.machine.clientId, made.machine.secret)).body.error, 'invalid_client', 'not there before');
    const { code, stdout, stderr } = await to.admin(['import', file('all.json')], { env: { PORTICO_CONFIG_PASSPHRASE: PASSPHRASE } });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Imported .*all\.json \(exported from http:\/\/127\.0\.0\.1:\d+ at .*, with secrets\):/);
    assert.match(stdout, /6 created, 1 updated, 3 unchanged\.\n$/);
    assert.ok(!stdout.includes(made.machine.secret) && !stdout.includes(UPSTREAM_SECRET));

    const tokens = await clientCredentials(to, made.machine.clientId, made.machine.secret);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const issuer = `${to.url}/oidc`;
    const { payload } = await jwtVerify(tokens.body.access_token, createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: API_IDENTIFIER });
    assert.equal(payload.client_id, made.machine.clientId);
    assert.equal(payload.scope, 'orders:read');
    assert.equal((await clientCredentials(to, made.machine.clientId, 'a guessed secret')).body.error, 'invalid_client');

    // The same ids, settings, Login Configurations and second-factor policy as where they came from.
    const web = (await to.api('GET', `${V1}/applications/${made.web.id}`)).body;
    assert.equal(web.clientId, made.web.clientId);
    assert.deepEqual(web.redirectUris, ['https://intranet.example.com/callback']);
    assert.equal(web.secondFactor.mode, 'always');
    assert.deepEqual(web.secondFactor.factors, ['totp']);
    const enabled = async (node: CliNode, id: string) =>
      (await node.api('GET', `${V1}/applications/${id}/login-configuration`)).body.methods.filter((m: { enabled: boolean }) => m.enabled).map((m: { sourceId: string }) => m.sourceId);
    assert.deepEqual(await enabled(to, made.web.id), [made.openid, PASSWORD_SOURCE_ID]);
    assert.deepEqual(await enabled(to, USER_CENTER_APP_ID), await enabled(from, USER_CENTER_APP_ID));
    // The sources' secrets open with the new Portico's own key, and not with the old one's ciphertext.
    const { store, secretBox } = to.portico.ctx;
    assert.equal((await loadSourceConfig<{ clientSecret: string }>(store.db, secretBox, made.openid)).config.clientSecret, UPSTREAM_SECRET);
    assert.equal((await loadIdentitySource(store.db, secretBox, made.directory)).secrets.appSecret, DINGTALK_SECRET);
    const sealed = async (node: CliNode) => (await node.portico.store.db.selectFrom('auth_sources').select('secrets_enc').where('id', '=', made.openid).executeTakeFirstOrThrow()).secrets_enc;
    assert.notEqual(await sealed(to), await sealed(from));

    for (const action of ['api.create', 'source.create', 'identity_source.create', 'application.create', 'application.login_configuration.update', 'config.import']) {
      const events = await to.audit(action);
      assert.ok(events.length > 0, action);
      for (const e of events) assert.equal(e.actor_name, 'operator (command line)', action);
    }
    assert.deepEqual((await to.audit('application.create')).map((e) => e.target_id).sort(), [made.machine.id, made.web.id].sort());
    const [summary] = await to.audit('config.import');
    const { created, updated, unchanged, exportedFrom, file: imported } = JSON.parse(summary.after!);
    assert.deepEqual({ created, updated, unchanged, exportedFrom, imported }, { created: 6, updated: 1, unchanged: 3, exportedFrom: from.url, imported: file('all.json') });
    const audited = JSON.stringify(await to.portico.store.db.selectFrom('audit_events').selectAll().execute());
    for (const secret of [made.machine.secret, UPSTREAM_SECRET, DINGTALK_SECRET]) assert.ok(!audited.includes(secret), 'no secret in the audit log');
  });

  test('the same file again changes nothing; a later export updates what changed, and one without secrets keeps the secrets here', async () => {
    const again = await to.admin(['import', file('all.json'), '--passphrase-stdin'], { input: PASSPHRASE });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 created, 0 updated, 10 unchanged\./);
    assert.equal((await to.audit('application.update')).length, 0);

    await from.api('PATCH', `${V1}/applications/${made.web.id}`, { name: 'Intranet 2', secondFactor: { mode: 'never' } });
    const rotated = (await from.api('POST', `${V1}/applications/${made.machine.id}/secret`)).body.clientSecret as string;
    assert.ok(rotated && rotated !== made.machine.secret);

    const plain = await from.admin(['export', file('later.json'), '--without-secrets']);
    assert.equal(plain.code, 0, plain.stderr);
    const partial = await to.admin(['import', file('later.json')]);
    assert.equal(partial.code, 0, partial.stderr);
    assert.match(partial.stdout, new RegExp(`updated\\s+application\\s+${made.web.id}\\s+"Intranet 2": name, second-factor policy`));
    assert.match(partial.stdout, new RegExp(`unchanged\\s+application\\s+${made.machine.id}`), 'without secrets, the secret here stays');
    assert.equal((await clientCredentials(to, made.machine.clientId, made.machine.secret)).status, 200);
    assert.equal((await to.api('GET', `${V1}/applications/${made.web.id}`)).body.secondFactor.mode, 'never');

    const withSecrets = await from.admin(['export', file('later-all.json'), '--passphrase-stdin'], { input: PASSPHRASE });
    assert.equal(withSecrets.code, 0, withSecrets.stderr);
    const full = await to.admin(['import', file('later-all.json'), '--passphrase-stdin'], { input: PASSPHRASE });
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stdout, new RegExp(`updated\\s+application\\s+${made.machine.id}\\s+"Nightly sync": client secret`));
    assert.equal((await clientCredentials(to, made.machine.clientId, rotated)).status, 200, 'the renewed secret works');
    assert.equal((await clientCredentials(to, made.machine.clientId, made.machine.secret)).body.error, 'invalid_client', 'the old one no longer');
    const renewals = await to.audit('application.rotate_secret');
    assert.deepEqual(renewals.map((e) => [e.target_id, e.actor_name]), [[made.machine.id, 'operator (command line)']]);
  });

  test('a refusal imports nothing and names what was refused; a file that is not an export is refused', async () => {
    // The source's name is taken here by another source: the whole import is refused.
    const clash = await to.api('POST', `${V1}/sources`, { type: 'openid', name: 'Taken name', config: { issuer: 'https://other.example.com', clientId: 'x', clientSecret: 'y' } });
    assert.equal(clash.status, 201);
    await from.api('PATCH', `${V1}/sources/${made.openid}`, { name: 'Taken name' });
    await from.api('PATCH', `${V1}/applications/${made.web.id}`, { name: 'Intranet 3' });
    assert.equal((await from.admin(['export', file('clash.json'), '--without-secrets'])).code, 0);
    const refused = await to.admin(['import', file('clash.json')]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^Authentication source "Taken name" \\(${made.openid}\\): .* Nothing was imported\\.$`, 'm'));
    assert.equal((await to.api('GET', `${V1}/applications/${made.web.id}`)).body.name, 'Intranet 2', 'the application was not renamed either');

    const notOne = await to.admin(['import', file('../none-such.json')]);
    assert.equal(notOne.code, 1, notOne.stderr);
    const junk = await to.admin(['import', path.join(import.meta.dirname, '..', 'package.json')]);
    assert.equal(junk.code, 2, junk.stderr);
    assert.match(junk.stderr, /This is not a Portico configuration file/);
  });
});
