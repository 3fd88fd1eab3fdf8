import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PorticoError } from '../errors.ts';
import { fetchSpMetadata, isSpecialUseAddress, METADATA_FETCH_TIMEOUT_MS } from './metadata-fetch.ts';

test('special-use addresses: private, loopback, link-local, unique-local, shared, documentation, multicast; and their IPv6 disguises', () => {
  const special = [
    '0.0.0.0', '10.1.2.3', '100.64.0.1', '127.0.0.1', '127.9.9.9', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1',
    '192.168.1.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '255.255.255.255',
    '::', '::1', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '2001::1', '2002:a00:1::1', '3fff::1',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '64:ff9b::127.0.0.1', 'not an address',
  ];
  for (const a of special) assert.equal(isSpecialUseAddress(a), true, a);
  const global = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808'];
  for (const a of global) assert.equal(isSpecialUseAddress(a), false, a);
});

test('a Portico not on loopback fetches no loopback or private host, by address or by name (the name is resolved and checked)', async () => {
    const PUBLIC = 'https://idp.example.com';
  const refusal = async (url: string, code: string, message: RegExp) => {
    await assert.rejects(fetchSpMetadata(url, PUBLIC), (error: PorticoError) => {
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      return true;
    });
  };
  await refusal('https://localhost:1/metadata', 'saml.metadata_url_not_allowed', /localhost resolves to .*special-use/);
  await refusal('https://127.0.0.1:1/metadata', 'saml.metadata_url_not_allowed', /127\.0\.0\.1 is a special-use address/);
  await refusal('https://[::ffff:192.168.0.1]/metadata', 'saml.metadata_url_not_allowed', /special-use/);
  await refusal('http://localhost:1/metadata', 'saml.metadata_url_not_allowed', /only https/);
  await refusal('file:///etc/passwd', 'saml.metadata_url_not_allowed', /only https/);
});

test('on loopback: a name that resolves to loopback is fetched; a server that does not answer is given up after the timeout', async () => {
    const silent: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => (req.url === '/silent' ? void silent.push(res) : res.end('<md:EntityDescriptor/>')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    assert.equal(await fetchSpMetadata(`http://localhost:${port}/metadata`, 'http://127.0.0.1:3000'), '<md:EntityDescriptor/>');
    const started = Date.now();
    await assert.rejects(fetchSpMetadata(`http://127.0.0.1:${port}/silent`, 'http://localhost:3000'), (error: PorticoError) => {
      assert.equal(error.code, 'saml.metadata_unreachable');
      assert.match(error.message, /no answer within 5 s/);
      return true;
    });
    assert.ok(Date.now() - started >= METADATA_FETCH_TIMEOUT_MS - 50);
  } finally {
    for (const res of silent) res.destroy();
    server.close();
  }
});
