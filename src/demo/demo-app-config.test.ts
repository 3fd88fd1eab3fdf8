import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { ConfigError } from '../config-error.ts';

test('the demo app sits beside Portico by default: same host, port 3002', () => {
  const config = loadConfig({ PORTICO_PUBLIC_URL: 'http://127.0.0.2:3000' });
  assert.equal(config.demoAppPort, 3002);
  assert.equal(config.demoAppPublicUrl, 'http://127.0.0.2:3002');
  assert.equal(loadConfig({ PORTICO_DEMO_APP_PORT: '4002' }).demoAppPublicUrl, 'http://localhost:4002');
  assert.equal(loadConfig({ PORTICO_DEMO_APP_PUBLIC_URL: 'https://demo.example.com/' }).demoAppPublicUrl, 'https://demo.example.com');
  assert.equal(config.demoCasPort, 3003);
  assert.equal(loadConfig({ PORTICO_DEMO_CAS_PORT: '4003' }).demoCasPublicUrl, 'http://localhost:4003');
});

test('a bad demo app setting stops start-up naming the variable', () => {
  for (const [variable, value] of Object.entries({ PORTICO_DEMO_APP_PORT: '70000', PORTICO_DEMO_APP_PUBLIC_URL: 'ftp://demo' })) {
    assert.throws(() => loadConfig({ [variable]: value }), (e: unknown) => e instanceof ConfigError && e.variable === variable, variable);
  }
});
