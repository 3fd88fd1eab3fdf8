/**
 * Portico's SAML IdP against a second service provider it did not write: Debian's pysaml2 (with
 * xmlsec1, test/rp/pysaml2_sp.py), configured from Portico's metadata. It signs an AuthnRequest over
 * HTTP-Redirect with RSA-SHA256, validates the signed Response, then signs a LogoutRequest for that
 * session and verifies Portico's signed LogoutResponse; this side plays the person at the browser.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser } from './helpers/oidc.ts';
import { DEBIAN_PYTHON, runPythonRp } from './helpers/independent-rp.ts';
import { SP_ACS, spKeys, toAcs } from './helpers/saml-sp.ts';
import { PASSWORD_SOURCE_ID } from '../src/store/well-known.ts';

/** The Debian packages the pysaml2 SP needs; .ci/run installs them. */
const PYSAML2_PACKAGES = 'python3-pysaml2 xmlsec1';
const importable = spawnSync(DEBIAN_PYTHON, ['-c', 'import saml2'], { encoding: 'utf8' });
const missing = importable.status === 0 && existsSync('/usr/bin/xmlsec1') ? undefined : `the pysaml2 SP needs Debian's ${PYSAML2_PACKAGES}`;
if (missing && process.env.CI === 'true') throw new Error(`Under CI: ${missing}`);

const V1 = '/api/admin/v1';
const SP = 'https://pysaml2.example.com/sp';
const SLO = 'http://127.0.0.1:9/saml/slo';

describeEachDialect('SAML with pysaml2 as the service provider', (dialect) => {
  let node: TestNode;
  let admin: string;
  let dir: string;
  let sp: Awaited<ReturnType<typeof spKeys>>;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    sp = await spKeys();
    dir = mkdtempSync(join(tmpdir(), 'pysaml2-'));
    writeFileSync(join(dir, 'sp.key'), sp.privateKey);
    writeFileSync(join(dir, 'sp.crt'), sp.certificate);
    const created = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'pysaml2 SP', protocol: 'saml', entityId: SP, acsUrls: [SP_ACS], sloUrl: SLO, nameIdFormat: 'emailAddress', nameIdField: 'email', spCertificate: sp.certificate, requireSignedRequests: true },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await node.api('PUT', `${V1}/applications/${created.body.application.id}/login-configuration`, { token: admin, body: { sources: [PASSWORD_SOURCE_ID] } })).status, 200);
  });
  after(async () => {
    await node?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('pysaml2 signs in with a signed AuthnRequest, validates the signed Response, and single logout ends the Portico session', { skip: missing ?? false }, async () => {
    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const person = {
      authorize: async (url: string) => (await toAcs(browser, user, await browser.get(url))).SAMLResponse,
      logout: async (url: string) => {
        const answer = await browser.get(url);
        assert.equal(answer.status, 303, answer.body.slice(0, 300));
        return answer.location!;
      },
    };
    const done = await runPythonRp('pysaml2_sp.py', [node.url, SP, SP_ACS, SLO, join(dir, 'sp.key'), join(dir, 'sp.crt')], person);
    assert.equal(done.nameId, user.email);
    assert.deepEqual(done.attributes, { email: user.email, displayName: user.displayName });
    assert.ok(done.sessionIndex);
    assert.equal(done.logoutStatus, 'urn:oasis:names:tc:SAML:2.0:status:Success');
    assert.equal(done.logoutSignatureVerified, true, "pysaml2 verified the LogoutResponse's query signature");
    assert.equal(done.logoutDestination, SLO);
    assert.equal(browser.cookies.has('portico_session'), false, 'the LogoutRequest ended the Portico session');
  });
});
