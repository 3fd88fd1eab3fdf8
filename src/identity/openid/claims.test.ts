import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityOf } from './claims.ts';

test('verified email and phone are offered for auto-bind, in Portico forms', () => {
  const identity = identityOf({ sub: 'u-1', email: ' Ada@Example.COM ', email_verified: true, phone_number: '+8613800000001', phone_number_verified: true, name: 'Ada' });
  assert.deepEqual(identity.attributes, { sub: 'u-1', email: 'ada@example.com', phone_number: '+8613800000001' });
  assert.deepEqual(identity.verified, ['sub', 'email', 'phone_number']);
  assert.deepEqual(identity.profile, { name: 'Ada', email: 'ada@example.com', mobile: '+8613800000001' });
  assert.deepEqual(identity.proven, { email: 'ada@example.com', mobile: '+8613800000001' }, 'what the IdP verified may mark the same values verified in Portico');
  assert.equal(identity.subject, 'u-1');
});

test('an email the IdP did not verify is kept for reading but never offered for auto-bind or a new account', () => {
  for (const claims of [{ email_verified: false }, { email_verified: 'false' }, {}]) {
    const identity = identityOf({ sub: 'u-2', email: 'victim@example.com', ...claims });
    assert.equal(identity.attributes.email, 'victim@example.com');
    assert.deepEqual(identity.verified, ['sub']);
    assert.equal(identity.profile.email, undefined);
    assert.equal(identity.proven?.email, undefined, 'nor marked verified');
  }
});

test('"true" as a string counts as verified (IdPs that send it so)', () => {
  assert.deepEqual(identityOf({ sub: 'u-3', email: 'a@b.example', email_verified: 'true' }).verified, ['sub', 'email']);
});

test('UserInfo adds what the ID token left out, and cannot change the subject', () => {
  const identity = identityOf({ sub: 'u-4' }, { sub: 'someone-else', email: 'b@c.example', email_verified: true, given_name: 'Bo', family_name: 'Li', picture: 'https://idp.example/p.png' });
  assert.equal(identity.subject, 'u-4');
  assert.equal(identity.attributes.email, 'b@c.example');
  assert.deepEqual(identity.verified, ['sub', 'email']);
  assert.equal(identity.displayName, 'Bo Li');
  assert.equal(identity.avatarUrl, 'https://idp.example/p.png');
});

test('a sub that is not a plain identifier of at most 255 characters is refused', () => {
  for (const sub of [undefined, '', 'a b', 'x'.repeat(256), 'ü', 42]) {
    assert.throws(() => identityOf({ sub }), { code: 'openid.id_token_invalid' });
  }
});

test('values hiding characters, pictures over plain http and unusable numbers are dropped', () => {
  const identity = identityOf({ sub: 'u-5', email: 'a\u200b@b.example', email_verified: true, phone_number: 'call me', phone_number_verified: true, picture: 'http://idp.example/p.png', name: 'A\u202eB' });
  assert.equal(identity.attributes.email, undefined);
  assert.equal(identity.attributes.phone_number, undefined);
  assert.deepEqual(identity.verified, ['sub']);
  assert.equal(identity.avatarUrl, undefined);
  assert.equal(identity.displayName, 'AB');
});
