import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JWKS, Provider } from 'oidc-provider';
import { createProviderHolder } from './provider-holder.ts';
import { signalKeysChanged } from './signing-keys.ts';

/** A stand-in provider: the holder only builds it and asks for its request handler. */
const fakeProvider = (jwks: JWKS) => ({ jwks, callback: () => async () => {} }) as unknown as Provider;

test('the provider is rebuilt when a rotation here changes the published keys, and only then', async () => {
  let keys: JWKS = { keys: [{ kid: 'a', kty: 'EC' }] };
  let builds = 0;
  const holder = await createProviderHolder({
    build: (jwks) => (builds++, fakeProvider(jwks)),
    loadKeys: async () => keys,
    keyIds: async () => keys.keys.map((k) => k.kid).join(','),
  });
  const first = (await holder.current()).provider;
  signalKeysChanged();
  assert.equal((await holder.current()).provider, first, 'same keys: same provider');
  keys = { keys: [{ kid: 'b', kty: 'EC' }, { kid: 'a', kty: 'EC' }] };
  assert.equal((await holder.current()).provider, first, 'no signal, within the refresh interval: not rechecked yet');
  signalKeysChanged();
  const second = (await holder.current()).provider as unknown as { jwks: JWKS };
  assert.deepEqual(second.jwks.keys.map((k) => k.kid), ['b', 'a']);
  assert.equal(builds, 2);
});

test('a failed check keeps the current provider', async () => {
  let fail = false;
  const holder = await createProviderHolder({
    build: fakeProvider,
    loadKeys: async () => ({ keys: [{ kid: 'a', kty: 'EC' }] }),
    keyIds: async () => {
      if (fail) throw new Error('store away');
      return 'a';
    },
  });
  const first = (await holder.current()).provider;
  fail = true;
  signalKeysChanged();
  assert.equal((await holder.current()).provider, first);
});

test('an activation, which changes no kid but the keys’ states, rebuilds the provider', async () => {
  let ids = 'a:active,b:next';
  let builds = 0;
  const holder = await createProviderHolder({
    build: (jwks) => (builds++, fakeProvider(jwks)),
    loadKeys: async () => ({ keys: [{ kid: 'a', kty: 'EC' }, { kid: 'b', kty: 'EC' }] }),
    keyIds: async () => ids,
  });
  const first = (await holder.current()).provider;
  ids = 'b:active,a:retiring';
  signalKeysChanged();
  assert.notEqual((await holder.current()).provider, first);
  assert.equal(builds, 2);
});
