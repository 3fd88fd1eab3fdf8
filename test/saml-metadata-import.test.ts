/**
 * Importing a SAML application's settings from its SP's metadata, on both databases: pasted XML, and a URL
 * served by a small http server on 127.0.0.1 (allowed because the test node's public URL is loopback too).
 * Refused, each with its code: a 404, an answer larger than the limit (the read stops there), a document
 * that is not metadata, a redirect, a private address, an auditor. Then the application is created from
 * what was imported.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { spKeys } from './helpers/saml-sp.ts';
import { SamlSettingsSchema } from '../src/protocols/saml/settings.ts';

const V1 = '/api/admin/v1';
const IMPORT = `${V1}/applications/saml-metadata`;

/** The SP's metadata server: each path one way of answering; `cut` tells whether an endless answer was cut short. */
async function metadataServer(metadata: string) {
  const seen = { endlessClosed: false };
  const server = http.createServer((req, res) => {
    switch (req.url) {
      case '/metadata':
        return res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(metadata);
      case '/missing':
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      case '/moved':
        return res.writeHead(302, { location: '/metadata' }).end();
      case '/page':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Welcome</h1></body></html>');
      case '/endless': {
        // Chunked, no Content-Length, never ending (but for a bound): only the reader can stop it.
        res.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        let sent = 0;
        const pump = () => {
          while (!res.destroyed && sent < 64 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (seen.endlessClosed = sent < 64 * 1024 * 1024));
        res.write('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">');
        return pump();
      }
      case '/declared-large':
        return res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(600 * 1024) }).end(' '.repeat(600 * 1024));
      default:
        return res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeEachDialect('SAML application from SP metadata', (dialect) => {
  let node: TestNode;
  let admin: string;
  let metadata: string;
  let signing: Awaited<ReturnType<typeof spKeys>>;
  let encryption: Awaited<ReturnType<typeof spKeys>>;
  let sp: Awaited<ReturnType<typeof metadataServer>>;
  const entityId = `https://expenses-${dialect}.example.com/saml`;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    [signing, encryption] = await Promise.all([spKeys(), spKeys()]);
    metadata = generateServiceProviderMetadata({
      issuer: entityId,
      callbackUrl: 'https://expenses.example.com/saml/acs',
      logoutCallbackUrl: 'https://expenses.example.com/saml/logout',
      identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      wantAssertionsSigned: true,
      privateKey: signing.privateKey,
      publicCerts: signing.certificate,
      decryptionPvk: encryption.privateKey,
      decryptionCert: encryption.certificate,
    });
    sp = await metadataServer(metadata);
  });
  after(async () => {
    await sp?.close();
    await node?.close();
  });

  const expected = () => ({
    entityId,
    acsUrls: ['https://expenses.example.com/saml/acs'],
    sloUrl: 'https://expenses.example.com/saml/logout',
    spCertificate: new X509Certificate(signing.certificate).toString(),
    encryptionCertificate: new X509Certificate(encryption.certificate).toString(),
    requireSignedRequests: true,
    signAssertion: true,
    encryptAssertion: true,
    nameIdFormat: 'persistent',
  });

  test('pasted XML and a URL read alike; nothing is saved; then the application is created from the settings', async () => {
    const pasted = await node.api('POST', IMPORT, { token: admin, body: { xml: metadata } });
    assert.equal(pasted.status, 200, JSON.stringify(pasted.body));
    assert.deepEqual(pasted.body, { settings: expected(), warnings: [] });
    const fetched = await node.api('POST', IMPORT, { token: admin, body: { url: `${sp.base}/metadata` } });
    assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
    assert.deepEqual(fetched.body, pasted.body);
    const listed = await node.api('GET', `${V1}/applications?protocol=saml`, { token: admin });
    assert.equal(listed.body.items.length, 0, 'an import saves nothing');

    // The settings as the console sends them: those the application's settings take (all of them, once every SAML feature is in).
    const known = new Set(Object.keys(SamlSettingsSchema.properties));
    const settings = Object.fromEntries(Object.entries(fetched.body.settings).filter(([k]) => known.has(k)));
    const created = await node.api('POST', `${V1}/applications`, { token: admin, body: { name: 'Expenses', protocol: 'saml', ...settings } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const app = created.body.application;
    for (const [k, v] of Object.entries(settings)) assert.deepEqual(app[k], v, k);
  });

  test('refused, each with its code: both or neither given, a 404, too large, not metadata, a redirect, a private address, no https', async () => {
    const refusals: [Record<string, unknown>, string, number][] = [
      [{}, 'saml.metadata_xml_or_url', 400],
      [{ xml: metadata, url: `${sp.base}/metadata` }, 'saml.metadata_xml_or_url', 400],
      [{ url: `${sp.base}/missing` }, 'saml.metadata_unreachable', 400],
      [{ url: `${sp.base}/endless` }, 'saml.metadata_too_large', 400],
      [{ url: `${sp.base}/declared-large` }, 'saml.metadata_too_large', 400],
      [{ url: `${sp.base}/page` }, 'saml.metadata_invalid', 400],
      [{ url: `${sp.base}/moved` }, 'saml.metadata_unreachable', 400],
      [{ url: 'http://127.0.0.1:9/metadata' }, 'saml.metadata_unreachable', 400],
      [{ url: 'https://10.0.0.1/metadata' }, 'saml.metadata_url_not_allowed', 400],
      [{ url: 'https://[fd00::1]/metadata' }, 'saml.metadata_url_not_allowed', 400],
      [{ url: 'https://169.254.169.254/latest/meta-data' }, 'saml.metadata_url_not_allowed', 400],
      [{ url: 'http://sp.example.com/metadata' }, 'saml.metadata_url_not_allowed', 400],
      [{ url: 'ftp://127.0.0.1/metadata' }, 'saml.metadata_url_not_allowed', 400],
      [{ url: `http://user:pass@127.0.0.1:${new URL(sp.base).port}/metadata` }, 'saml.metadata_url_not_allowed', 400],
      [{ url: 'not a url' }, 'saml.metadata_url_not_allowed', 400],
      [{ xml: metadata.replace('<EntityDescriptor', '<!DOCTYPE x><EntityDescriptor') }, 'saml.metadata_invalid', 400],
    ];
    for (const [body, code, status] of refusals) {
      const res = await node.api('POST', IMPORT, { token: admin, body });
      assert.equal(res.body.code, code, `${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.status, status);
    }
    assert.equal(sp.seen.endlessClosed, true, 'the endless answer was cut short, not read to its end');
    const missing = await node.api('POST', IMPORT, { token: admin, body: { url: `${sp.base}/missing` } });
    assert.match(missing.body.detail, /HTTP 404/);
    assert.equal(missing.body.field, '/url');
    const moved = await node.api('POST', IMPORT, { token: admin, body: { url: `${sp.base}/moved` } });
    assert.match(moved.body.detail, /redirect .*not followed/);
  });

  test('an EntitiesDescriptor of two SPs: the error lists them; the one chosen is read', async () => {
    const inner = (xml: string) => xml.replace(/^<\?xml[^>]*>\s*/, '');
    const other = generateServiceProviderMetadata({ issuer: 'https://other.example.com', callbackUrl: 'https://other.example.com/acs' });
    const both = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${inner(metadata)}${inner(other)}</md:EntitiesDescriptor>`;
    const unchosen = await node.api('POST', IMPORT, { token: admin, body: { xml: both } });
    assert.equal(unchosen.body.code, 'saml.metadata_entity_required');
    assert.deepEqual(unchosen.body.entityIds, [entityId, 'https://other.example.com']);
    const chosen = await node.api('POST', IMPORT, { token: admin, body: { xml: both, entityId: 'https://other.example.com' } });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    assert.deepEqual(chosen.body.settings.acsUrls, ['https://other.example.com/acs']);
  });

  test('an auditor may not import (as they may not create an application)', async () => {
    const auditor = await node.tokenFor('auditor');
    const res = await node.api('POST', IMPORT, { token: auditor, body: { url: `${sp.base}/metadata` } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'admin.forbidden');
    assert.equal((await node.api('POST', IMPORT, { body: { xml: metadata } })).status, 401);
  });
});
