/**
 * What the provider says about a person, on both databases: Portico's own scope `portico_directory`
 * (the org unit's id and path, the employee number) in discovery, the ID token and userinfo, and only
 * when asked for; `email_verified` and `phone_number_verified` as the directory's marks say; and the
 * consent page naming the directory scope to a third party's user.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { authorizationRequest, authorize, createUser, registerApp, relyingParty, signIn, type RegisteredApp } from './helpers/oidc.ts';
import { ROOT_ORG_UNIT_ID } from '../src/store/well-known.ts';

const V1 = '/api/admin/v1';
const DIRECTORY = 'openid profile email phone portico_directory';

describeEachDialect('OpenID Connect claims', (dialect) => {
  let node: TestNode;
  let admin: string;
  let app: RegisteredApp;
  let config: client.Configuration;
  const units: Record<string, string> = {};

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    app = await registerApp(node, admin);
    config = await relyingParty(node, app);
    const unit = async (name: string, parentId: string) => {
      const res = await node.api('POST', `${V1}/org-units`, { token: admin, body: { name, parentId } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    units.rd = await unit('R&D / 研发', ROOT_ORG_UNIT_ID);
    units.backend = await unit('Backend', units.rd);
  });
  after(async () => {
    await node?.close();
  });

  test('discovery lists the directory scope and its claims beside the standard ones', async () => {
    const meta = config.serverMetadata();
    assert.ok(meta.scopes_supported?.includes('portico_directory'));
    for (const claim of ['portico_org_unit_id', 'portico_org_unit_path', 'portico_employee_number', 'email_verified', 'phone_number_verified']) {
      assert.ok(meta.claims_supported?.includes(claim), `claims_supported has ${claim}`);
    }
    assert.ok(!meta.claims_supported?.some((c) => /group|role/.test(c)), 'no groups or roles: Portico has none for users yet');
  });

  test('with portico_directory: the org unit path from the root, its id and the employee number, in the ID token and at userinfo', async () => {
    const user = await createUser(node, admin, { orgUnitId: units.backend, employeeNumber: 'E-042', emailVerified: true });
    const { tokens } = await signIn(node, config, app, user, { extra: { scope: DIRECTORY } });
    const expected = {
      portico_org_unit_id: units.backend,
      portico_org_unit_path: ['Root', 'R&D / 研发', 'Backend'],
      portico_employee_number: 'E-042',
      email_verified: true,
      phone_number_verified: false,
    };
    const claims = tokens.claims()!;
    assert.deepEqual(pick(claims, expected), expected);
    const info = await client.fetchUserInfo(config, tokens.access_token, user.id);
    assert.deepEqual(pick(info, expected), expected);

    // Read when asked, not when the token was issued: a renamed unit shows at once.
    assert.equal((await node.api('PATCH', `${V1}/org-units/${units.rd}`, { token: admin, body: { name: 'Engineering' } })).status, 200);
    const renamed = await client.fetchUserInfo(config, tokens.access_token, user.id);
    assert.deepEqual(renamed.portico_org_unit_path, ['Root', 'Engineering', 'Backend']);
    assert.equal((await node.api('PATCH', `${V1}/org-units/${units.rd}`, { token: admin, body: { name: 'R&D / 研发' } })).status, 200);
  });

  test('without portico_directory: no directory claims; a user without an employee number has none', async () => {
    const user = await createUser(node, admin, { orgUnitId: units.backend });
    const plain = await signIn(node, config, app, user);
    const claims = plain.tokens.claims()!;
    assert.ok(!Object.keys(claims).some((k) => k.startsWith('portico_')), JSON.stringify(claims));
    const info = await client.fetchUserInfo(config, plain.tokens.access_token, user.id);
    assert.ok(!Object.keys(info).some((k) => k.startsWith('portico_')), JSON.stringify(info));

    const asked = await signIn(node, config, app, user, { extra: { scope: DIRECTORY } });
    assert.equal(asked.tokens.claims()!.portico_org_unit_id, units.backend);
    assert.equal('portico_employee_number' in asked.tokens.claims()!, false);
  });

  test('email_verified and phone_number_verified follow the marks: set by an admin, gone when the value changes', async () => {
    const user = await createUser(node, admin, { mobileVerified: true });
    const first = (await signIn(node, config, app, user)).tokens.claims()!;
    assert.equal(first.email_verified, false);
    assert.equal(first.phone_number_verified, true);
    const patched = await node.api('PATCH', `${V1}/users/${user.id}`, { token: admin, body: { mobile: `+86136${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`, emailVerified: true } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const second = (await signIn(node, config, app, user)).tokens.claims()!;
    assert.equal(second.email_verified, true);
    assert.equal(second.phone_number_verified, false, 'a changed number is not verified');
  });

  test("a third party's consent page names the directory scope", async () => {
    const thirdParty = await registerApp(node, admin, { firstParty: false });
    const user = await createUser(node, admin);
    const request = await authorizationRequest(await relyingParty(node, thirdParty), thirdParty, { scope: DIRECTORY });
    const { last } = await authorize(new Browser(node.url), request.url, thirdParty, user);
    assert.equal(last.status, 200);
    assert.match(last.body, /data-scope="portico_directory">See your department and employee number</);
  });
});

function pick(from: Record<string, unknown>, like: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(like).map((k) => [k, from[k]]));
}
