import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';
import { ConfigError } from './config-error.ts';
import { usableCores } from './cpu-quota.ts';

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
  assert.equal(loadConfig({ PORTICO_DEMO: 'false', PORTICO_PUBLIC_URL: 'https://id.example.com/' }).publicUrl, 'https://id.example.com');
});

test('the simulator address for QR codes is optional, checked like the other URLs, without a trailing slash', () => {
  assert.equal(loadConfig({}).simPublicUrl, undefined);
  assert.equal(
    loadConfig({ PORTICO_SIM_PUBLIC_URL: 'http://192.168.1.20:3001/', PORTICO_SIM_HOST: '0.0.0.0' }).simPublicUrl,
    'http://192.168.1.20:3001',
  );
});

test('demo mode runs on loopback: these listen addresses and public URLs are accepted', () => {
  const accepted: Array<[host: string | undefined, publicUrl: string | undefined]> = [
    [undefined, undefined], // the defaults: 127.0.0.1 and http://localhost:3000
    ['127.0.0.1', 'http://127.0.0.1:3000'],
    ['127.1.2.3', 'http://127.0.0.5:3000'],
    ['localhost', 'http://localhost:3000'],
    ['LOCALHOST', 'http://LocalHost:3000'],
    ['::1', 'http://[::1]:3000'],
    ['::1', 'https://localhost'],
    ['0:0:0:0:0:0:0:1', 'http://[::ffff:127.0.0.1]:3000'],
    ['127.0.0.1', 'http://127.1:3000'], // browsers read 127.1 as 127.0.0.1
  ];
  for (const [host, publicUrl] of accepted) {
    const config = loadConfig({ PORTICO_HOST: host, PORTICO_PUBLIC_URL: publicUrl });
    assert.equal(config.demo, true, `${host} ${publicUrl}`);
  }
});

test('demo mode is refused when Portico listens on, or is reached at, anything but loopback', () => {
  const refused: Array<[host: string | undefined, publicUrl: string | undefined, says: RegExp]> = [
    ['0.0.0.0', undefined, /PORTICO_HOST is 0\.0\.0\.0, not a loopback address/],
    ['::', undefined, /PORTICO_HOST is ::, not a loopback address/],
    ['192.168.1.20', undefined, /PORTICO_HOST is 192\.168\.1\.20/],
    ['128.0.0.1', undefined, /PORTICO_HOST is 128\.0\.0\.1/],
    ['::ffff:10.0.0.1', undefined, /PORTICO_HOST/],
    ['my-laptop', undefined, /PORTICO_HOST is my-laptop/], // a name may resolve to anything
    ['localhost.example.com', undefined, /PORTICO_HOST/],
    [undefined, 'http://192.168.1.20:3000', /PORTICO_PUBLIC_URL's host is 192\.168\.1\.20/],
    [undefined, 'https://id.example.com', /PORTICO_PUBLIC_URL's host is id\.example\.com/],
    [undefined, 'http://localhost.example.com:3000', /PORTICO_PUBLIC_URL's host/],
    [undefined, 'http://[::]:3000', /PORTICO_PUBLIC_URL's host/],
    ['0.0.0.0', 'http://localhost:3000', /PORTICO_HOST is 0\.0\.0\.0/], // reached at localhost through a tunnel, yet listening everywhere
  ];
  for (const [host, publicUrl, says] of refused) {
    const env = { PORTICO_HOST: host, PORTICO_PUBLIC_URL: publicUrl };
    assert.throws(
      () => loadConfig(env),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'PORTICO_DEMO' &&
        says.test(error.message) &&
        error.message.includes('/dev/sms') &&
        error.message.includes('set PORTICO_DEMO=false, a PORTICO_PUBLIC_URL on https and PORTICO_METRICS_TOKEN'),
      `${host} ${publicUrl}`,
    );
    // The same addresses are fine for a real deployment, and on PostgreSQL, where demo mode is off by default.
    assert.equal(loadConfig({ ...env, PORTICO_DEMO: 'false' }).demo, false);
    assert.equal(loadConfig({ ...env, PORTICO_DATABASE_URL: 'postgres://u@h/db' }).demo, false);
  }
  // Asked for on PostgreSQL, demo mode is refused the same way.
  assert.throws(() => loadConfig({ PORTICO_DATABASE_URL: 'postgres://u@h/db', PORTICO_DEMO: 'true', PORTICO_HOST: '0.0.0.0' }), /PORTICO_DEMO: demo mode runs only on loopback/);
});

test('in demo mode a phone reaches the simulator on an address of its own, never through Portico\'s', () => {
  const config = loadConfig({ PORTICO_SIM_HOST: '0.0.0.0', PORTICO_SIM_PUBLIC_URL: 'http://192.168.1.20:3001' });
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.simHost, '0.0.0.0');
  assert.equal(loadConfig({}).simHost, '127.0.0.1', 'the simulator listens where Portico does unless told');
  // A LAN address in QR codes while the simulator listens on loopback would fail on the phone: said at start.
  assert.throws(
    () => loadConfig({ PORTICO_SIM_PUBLIC_URL: 'http://192.168.1.20:3001' }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'PORTICO_SIM_HOST' && /PORTICO_SIM_HOST=0\.0\.0\.0/.test(error.message),
  );
  assert.equal(loadConfig({ PORTICO_SIM_PUBLIC_URL: 'http://localhost:3001' }).simPublicUrl, 'http://localhost:3001');
});

test('custom DingTalk endpoints are an operator switch that follows demo mode unless set', () => {
  assert.equal(loadConfig({}).dingtalkCustomEndpoints, true, 'demo mode (SQLite default): the demo source points at the simulator');
  assert.equal(loadConfig({ PORTICO_DEMO: 'false' }).dingtalkCustomEndpoints, false);
  assert.equal(loadConfig({ PORTICO_DATABASE_URL: 'postgres://u@h/db' }).dingtalkCustomEndpoints, false);
  assert.equal(loadConfig({ PORTICO_DEMO: 'false', PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'true' }).dingtalkCustomEndpoints, true);
  assert.equal(loadConfig({ PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'off' }).dingtalkCustomEndpoints, false);
  assert.throws(
    () => loadConfig({ PORTICO_DINGTALK_CUSTOM_ENDPOINTS: 'perhaps' }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'PORTICO_DINGTALK_CUSTOM_ENDPOINTS',
  );
});

test('PORTICO_WORKERS: by default the usable cores (within a CPU quota), 1 to 256 when set, anything else refused by name', () => {
  assert.equal(loadConfig({}).workers, usableCores());
  assert.equal(loadConfig({ PORTICO_WORKERS: '1' }).workers, 1);
  assert.equal(loadConfig({ PORTICO_WORKERS: '4' }).workers, 4);
  for (const value of ['0', 'two', '-1', '1.5', '257', 'auto']) {
    assert.throws(
      () => loadConfig({ PORTICO_WORKERS: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'PORTICO_WORKERS' && /must be (a whole number|between 1 and 256)/.test(error.message),
      value,
    );
  }
});
