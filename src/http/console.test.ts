/** The /console static plugin over a throw-away build folder: routing, types, caching, safety. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { consolePlugin } from './console.ts';
import { sendProblem, toProblem } from './problem.ts';

let dist: string;
let app: FastifyInstance;
let unbuilt: FastifyInstance;
const INDEX = '<!doctype html><title>Enterprise Center</title><script type="module" src="/console/assets/index-abc123.js"></script>';

before(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'portico-console-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'assets', 'index-def456.css'), 'body{}');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(path.dirname(dist), 'portico-console-secret.txt'), 'outside');
  app = Fastify();
  // As in app.ts: errors become problem+json.
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request)));
  await app.register(consolePlugin, { distDir: dist });
  unbuilt = Fastify();
  await unbuilt.register(consolePlugin, { distDir: path.join(dist, 'missing') });
});
after(async () => {
  await app.close();
  await unbuilt.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(path.join(path.dirname(dist), 'portico-console-secret.txt'), { force: true });
});

test('/console and any page of it answer with the app, revalidated on every load', async () => {
  for (const url of ['/console', '/console/', '/console/users/usr_1', '/console/applications/app_user_center/login-configuration']) {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', url);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
    assert.equal(res.body, INDEX, url);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  }
});

test('hashed assets are served with their type and cached for a year; other files for an hour', async () => {
  const js = await app.inject('/console/assets/index-abc123.js');
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  const css = await app.inject('/console/assets/index-def456.css');
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  const icon = await app.inject('/console/favicon.svg');
  assert.equal(icon.headers['content-type'], 'image/svg+xml');
  assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
});

test('a missing file is a 404, not the app', async () => {
  const res = await app.inject('/console/assets/index-gone.js');
  assert.equal(res.statusCode, 404);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.json().code, 'route.not_found');
});

test('paths cannot climb out of the build folder', async () => {
  for (const url of ['/console/../portico-console-secret.txt', '/console/%2e%2e/portico-console-secret.txt', '/console/assets/%2e%2e/%2e%2e/portico-console-secret.txt']) {
    const res = await app.inject(url);
    assert.notEqual(res.statusCode, 200, url);
    assert.doesNotMatch(res.body, /outside/, url);
  }
});

test('without a build, /console says how to build it', async () => {
  const res = await unbuilt.inject('/console/users');
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(res.body, /npm run build:web/);
});
