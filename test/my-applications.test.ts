/**
 * The User Center's "My applications", on both databases: an administrator lists an application
 * (inPortal); the person signed in sees it, opened at the address that starts its own sign-in (an
 * OpenID Connect initiate login URI, a CAS service URL); an application that is not listed, or has no
 * such address, is not shown.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser } from './helpers/browser.ts';
import { createUser, registerApp } from './helpers/oidc.ts';
import { signInThrough } from './helpers/user-center-factor.ts';

const V1 = '/api/admin/v1';

describeEachDialect('My applications', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
  });
  after(async () => node?.close());

  const tiles = (html: string) => [...html.matchAll(/<a class="app-tile" href="([^"]+)" data-application="([^"]+)">/g)].map((m) => ({ href: m[1].replace(/&amp;/g, '&'), id: m[2] }));

  test('listed applications with an address that starts their sign-in are shown, each opened there', async () => {
    const listedOidc = await registerApp(node, admin, { name: 'HR portal', settings: { inPortal: true, initiateLoginUri: 'https://hr.example.com/login' } });
    const noAddress = await registerApp(node, admin, { name: 'No address', settings: { inPortal: true } });
    const unlisted = await registerApp(node, admin, { name: 'Unlisted', settings: { initiateLoginUri: 'https://unlisted.example.com/login' } });
    const cas = await node.api('POST', `${V1}/applications`, {
      token: admin,
      body: { name: 'Campus', protocol: 'cas', inPortal: true, services: [{ url: 'https://campus.example.edu/', match: 'prefix' }, { url: 'https://campus.example.edu/home', match: 'exact' }] },
    });
    assert.equal(cas.status, 201, JSON.stringify(cas.body));
    assert.equal(cas.body.application.inPortal, true);

    const user = await createUser(node, admin);
    const browser = new Browser(node.url);
    const account = await signInThrough(browser, user, await browser.get('/account'));
    const shown = tiles(account.body);
    assert.deepEqual(shown, [
      { href: 'https://campus.example.edu/home', id: cas.body.application.id },
      // OpenID Connect's third-party initiated login names the issuer (Core §4).
      { href: `https://hr.example.com/login?${new URLSearchParams({ iss: `${node.url}/oidc` })}`, id: listedOidc.id },
    ]);
    assert.ok(!shown.some((t) => t.id === noAddress.id || t.id === unlisted.id));

    const unlist = await node.api('PATCH', `${V1}/applications/${listedOidc.id}`, { token: admin, body: { inPortal: false } });
    assert.equal(unlist.body.application.inPortal, false);
    const after = await browser.get('/account');
    assert.deepEqual(tiles(after.body).map((t) => t.id), [cas.body.application.id]);
  });
});
