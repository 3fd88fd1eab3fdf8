import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ANSWER_BYTES, nodeTransport } from './node-transport.ts';

async function server(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

test('the transport sends the method, headers and JSON body, and reads status, headers and text', async () => {
  const seen: { method?: string; type?: string; accept?: string; agent?: string; body?: string } = {};
  const s = await server((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, type: req.headers['content-type'], accept: req.headers.accept, agent: req.headers['user-agent'], body });
      res.writeHead(201, { 'x-acs-request-id': 'req-1', 'content-type': 'application/json' }).end('{"名":"张三"}');
    });
  });
  try {
    const answer = await nodeTransport(`${s.url}/v1.0/x?y=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"值"}' });
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('X-Acs-Request-Id'), 'req-1');
    assert.equal(answer.headers.get('x-missing'), null);
    assert.equal(await answer.text(), '{"名":"张三"}');
    assert.deepEqual(seen, { method: 'POST', type: 'application/json', accept: 'application/json', agent: 'Portico (DingTalk connector)', body: '{"code":"值"}' });
  } finally {
    await s.close();
  }
});

test('a refused connection is a TypeError with the system code as its cause, as with fetch', async () => {
  const s = await server((_req, res) => res.end());
  await s.close();
  const error = await nodeTransport(s.url, { method: 'GET', headers: {} }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof TypeError);
  assert.equal((error.cause as { code?: string }).code, 'ECONNREFUSED');
});

test('an aborted call rejects and leaves no answer behind', async () => {
  const s = await server(() => {});
  try {
    const controller = new AbortController();
    const call = nodeTransport(s.url, { method: 'GET', headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(call, { name: 'AbortError' });
  } finally {
    s.close();
  }
});

test('an answer far larger than any DingTalk answer is refused, not held in memory', async () => {
  const s = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'x'));
  });
  try {
    const error = await nodeTransport(s.url, { method: 'GET', headers: {} }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TypeError);
    assert.match(String((error.cause as Error).message), /larger than/);
  } finally {
    await s.close();
  }
});
