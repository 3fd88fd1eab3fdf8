import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give an embedded SQLite setup under ./data', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.ok(config.databaseUrl.startsWith('sqlite:') && config.databaseUrl.endsWith('data/portico.sqlite'));
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.demo, true);
});

test('PostgreSQL turns demo mode off unless asked for', () => {
  assert.equal(loadConfig({ PORTICO_DATABASE_URL: 'postgres://u@h/db' }).demo, false);
});

test('a bad value stops start-up with a message naming the variable', () => {
  const cases: Record<string, string> = {
    PORTICO_PORT: 'eighty',
    PORTICO_PUBLIC_URL: 'ftp://x',
    PORTICO_DATABASE_URL: 'mysql://x',
    PORTICO_REDIS_URL: 'http://x',
    PORTICO_MASTER_KEY: 'short',
    PORTICO_ADMIN_PASSWORD: 'short',
    PORTICO_LOG_LEVEL: 'loud',
    PORTICO_DEMO: 'perhaps',
    PORTICO_SIM_PUBLIC_URL: 'not a url',
  };
  for (const [variable, value] of Object.entries(cases)) {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(variable),
      variable,
    );
  }
});

test('a trailing slash on the public URL is dropped', () => {
  assert.equal(loadConfig({ PORTICO_PUBLIC_URL: 'https://id.example.com/' }).publicUrl, 'https://id.example.com');
});

test('the simulator address for QR codes is optional, checked like the other URLs, without a trailing slash', () => {
  assert.equal(loadConfig({}).simPublicUrl, undefined);
  assert.equal(loadConfig({ PORTICO_SIM_PUBLIC_URL: 'http://192.168.1.20:3001/' }).simPublicUrl, 'http://192.168.1.20:3001');
});
