import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PorticoError } from '../errors.ts';
import { applicationProtocol, DEFAULT_PROTOCOL, everyProtocolField, PROTOCOL_NAMES, PROTOCOLS, settingsChangeSchema } from './registry.ts';

const refusal = (name: unknown) => {
  try {
    applicationProtocol(name);
  } catch (error) {
    return error;
  }
  assert.fail(`${JSON.stringify(name)} was accepted`);
};

test('OpenID Connect, CAS and SAML are the protocols so far; OpenID Connect the default', () => {
  assert.deepEqual(PROTOCOL_NAMES, ['oidc', 'cas', 'saml']);
  assert.equal(DEFAULT_PROTOCOL, 'oidc');
  assert.equal(applicationProtocol('oidc').label, 'OpenID Connect');
  assert.equal(new Set(PROTOCOL_NAMES).size, PROTOCOLS.length, 'names are unique');
});

test('an unknown or not yet supported protocol is a 400 with a stable code, naming the supported ones', () => {
  for (const name of ['wsfed', 'CAS', 'OIDC', '', undefined, 5]) {
    const error = refusal(name);
    assert.ok(error instanceof PorticoError);
    assert.equal(error.kind, 'invalid');
    assert.equal(error.code, 'application.unsupported_protocol');
    assert.equal(error.field, '/protocol');
    assert.deepEqual(error.detail, { supported: ['oidc', 'cas', 'saml'] });
    assert.match(error.message, /supported: oidc, cas, saml/);
  }
});

/** Every `default` anywhere in a schema. */
const defaults = (schema: unknown): string[] =>
  schema && typeof schema === 'object'
    ? Object.entries(schema).flatMap(([key, value]) => (key === 'default' ? [key] : defaults(value)))
    : [];

test("a protocol's settings schema holds no defaults (a change must not reset what it leaves out), and a change requires nothing", () => {
  for (const p of PROTOCOLS) {
    assert.deepEqual(defaults(p.settingsSchema), [], p.name);
    const change = settingsChangeSchema(p);
    assert.equal(change.required, undefined, p.name);
    assert.equal(change.additionalProperties, false, p.name);
    assert.deepEqual(Object.keys(change.properties).sort(), Object.keys(p.settingsSchema.properties).sort());
  }
});

test("the admin API's schemas hold every protocol's settings and view fields", () => {
  for (const kind of ['settingsSchema', 'viewSchema'] as const) {
    const fields = everyProtocolField(kind);
    for (const p of PROTOCOLS) for (const key of Object.keys(p[kind].properties)) assert.ok(fields[key], `${p.name} ${kind} ${key}`);
  }
});

test("a settings field two protocols both have means the same in both (the admin API's schemas hold them side by side)", () => {
  const seen = new Map<string, string>();
  for (const p of PROTOCOLS) {
    for (const [name, schema] of Object.entries(p.settingsSchema.properties)) {
      const shape = JSON.stringify(schema);
      assert.ok(!seen.has(name) || seen.get(name) === shape, `${name} differs between protocols`);
      seen.set(name, shape);
    }
  }
});
