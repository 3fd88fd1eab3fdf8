/**
 * `npm run admin -- keys list | keys rotate oidc|saml [--now|--force]` (src/cli/keys.ts), run as child
 * processes beside a running node on both databases: a rotation in two runs, the early activation refused
 * and then forced, a rotation at once; what the node then publishes and signs with; the audit events are
 * the Enterprise Center's, the operator as actor.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect } from './helpers/harness.ts';
import { startCliNode, V1, type CliNode } from './helpers/cli-node.ts';
import { signalKeysChanged } from '../src/oidc/signing-keys.ts';

describeEachDialect('operator command: signing keys', (dialect) => {
  let node: CliNode;
  before(async () => {
    node = await startCliNode(dialect);
  });
  after(() => node?.close());

  const oidcKeys = async () => (await node.api('GET', `${V1}/signing-keys`)).body.items as { kid: string; alg: string; state: string }[];
  const samlKeys = async () => (await node.api('GET', `${V1}/saml/signing-keys`)).body.items as { id: string; state: string }[];
  const byOperator = async (action: string) => {
    const events = await node.audit(action);
    for (const e of events) assert.equal(e.actor_name, 'operator (command line)', action);
    return events;
  };

  test('keys list shows both providers’ keys; a wrong invocation prints the usage', async () => {
    const { code, stdout, stderr } = await node.admin(['keys', 'list']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^OpenID Connect signing keys/m);
    for (const key of await oidcKeys()) assert.match(stdout, new RegExp(`^  active\\s+${key.alg}\\s+${key.kid}  created `, 'm'));
    assert.match(stdout, /^SAML signing keys/m);
    for (const args of [['keys'], ['keys', 'rotate'], ['keys', 'rotate', 'jwt'], ['keys', 'rotate', 'oidc', '--now', '--force'], ['keys', 'list', 'oidc'], ['keys', 'rotate', 'oidc', '--soon']]) {
      const wrong = await node.admin(args);
      assert.equal(wrong.code, 2, `${args.join(' ')}: ${wrong.stderr}`);
      assert.match(wrong.stderr, /keys rotate oidc\|saml \[--now \| --force\]/, args.join(' '));
    }
  });

  test('OpenID Connect: publish, an early activation refused, then forced; at once with --now; audited as in the console', async () => {
    const active = (await oidcKeys()).filter((k) => k.state === 'active').map((k) => k.kid);
    const publish = await node.admin(['keys', 'rotate', 'oidc']);
    assert.equal(publish.code, 0, publish.stderr);
    assert.match(publish.stdout, /Next OpenID Connect keys published in the JWKS, not signing yet/);
    const next = (await oidcKeys()).filter((k) => k.state === 'next').map((k) => k.kid);
    assert.equal(next.length, 2);
    // The node re-reads its keys within KEYSET_REFRESH_MS (30 s); the test, in its process, tells it at once.
    signalKeysChanged();
    const jwks = (await (await fetch(`${node.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    for (const kid of next) assert.ok(jwks.keys.some((k) => k.kid === kid), 'published by the node at once');

    const early = await node.admin(['keys', 'rotate', 'oidc']);
    assert.equal(early.code, 1, early.stderr);
    assert.match(early.stderr, /activate them after .* \(--force makes them sign now\)/);

    const forced = await node.admin(['keys', 'rotate', 'oidc', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    const now = await oidcKeys();
    assert.deepEqual(now.filter((k) => k.state === 'active').map((k) => k.kid).sort(), [...next].sort());
    assert.deepEqual(now.filter((k) => k.state === 'retiring').map((k) => k.kid).sort(), [...active].sort());

    const [published] = await byOperator('signing_keys.publish_next');
    assert.deepEqual(JSON.parse(published.after!).next.sort(), [...next].sort());
    const [activated] = await byOperator('signing_keys.activate');
    assert.deepEqual(JSON.parse(activated.after!), { active: JSON.parse(activated.after!).active, force: true });
    assert.deepEqual(JSON.parse(activated.before!).active.sort(), [...active].sort());

    const rotated = await node.admin(['keys', 'rotate', 'oidc', '--now']);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /OpenID Connect keys rotated at once/);
    const fresh = (await oidcKeys()).filter((k) => k.state === 'active').map((k) => k.kid);
    assert.equal(fresh.length, 2);
    assert.ok(fresh.every((kid) => !next.includes(kid)));
    assert.equal((await byOperator('signing_keys.rotate')).length, 1);
  });

  test('SAML: publish, an early activation refused, then forced; --now publishes and activates; audited as in the console', async () => {
    const publish = await node.admin(['keys', 'rotate', 'saml']);
    assert.equal(publish.code, 0, publish.stderr);
    assert.match(publish.stdout, /Next SAML signing certificate published in the metadata: (sk_\S+), SHA-256 /);
    const keys = await samlKeys();
    const first = keys.find((k) => k.state === 'active')!.id;
    const next = keys.find((k) => k.state === 'next')!.id;

    const early = await node.admin(['keys', 'rotate', 'saml']);
    assert.equal(early.code, 1, early.stderr);
    assert.match(early.stderr, /activate it after .* \(--force makes it sign now\)/);

    const forced = await node.admin(['keys', 'rotate', 'saml', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, new RegExp(`SAML signing key ${next} activated \\(forced\\)`));
    const after = await samlKeys();
    assert.equal(after.find((k) => k.state === 'active')!.id, next);
    assert.equal(after.find((k) => k.id === first)!.state, 'retiring');

    const now = await node.admin(['keys', 'rotate', 'saml', '--now']);
    assert.equal(now.code, 0, now.stderr);
    assert.notEqual((await samlKeys()).find((k) => k.state === 'active')!.id, next);

    assert.equal((await byOperator('saml_signing_keys.publish_next')).length, 2);
    const activations = await byOperator('saml_signing_keys.activate');
    assert.equal(activations.length, 2);
    assert.deepEqual(JSON.parse(activations[0].after!), { active: next, force: true });
    assert.deepEqual(JSON.parse(activations[0].before!), { active: first });

    const forcedWithoutNext = await node.admin(['keys', 'rotate', 'saml', '--force']);
    assert.equal(forcedWithoutNext.code, 1, forcedWithoutNext.stderr);
    assert.match(forcedWithoutNext.stderr, /There is no next SAML signing certificate to activate/);
  });
});
