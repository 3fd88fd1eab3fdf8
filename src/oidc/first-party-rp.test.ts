import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/app.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { PorticoError } from '../errors.ts';
import { createFirstPartyRp } from './first-party-rp.ts';

const PUBLIC_URL = 'https://portico.example';
const ISSUER = `${PUBLIC_URL}/oidc`;

/** What the relying party uses of the short-lived store, in memory. */
function memoryStore(): Pick<ShortLivedStore, 'get' | 'set' | 'take' | 'delete'> {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, value),
    take: async <T>(key: string) => {
      const value = values.get(key) as T | undefined;
      values.delete(key);
      return value;
    },
    delete: async (key) => void values.delete(key),
  };
}

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as JWK };
}

test('the ID token keys are fetched once, and again only for a key id not seen yet (a rotation)', async () => {
  const [a, b, unknown] = await Promise.all([signingKey('a'), signingKey('b'), signingKey('c')]);
  let published = [a];
  let signer = a;
  let jwksFetches = 0;
  let nonce = '';

  const rp = createFirstPartyRp({
    ctx: { shortLived: memoryStore(), config: { publicUrl: PUBLIC_URL } } as unknown as AppContext,
    clientId: 'user-center',
    callbackPath: '/account/callback',
    postLogoutPath: '/login',
    cookie: 'uc',
    secureCookies: true,
    inject: async (request) => {
      if (request.url === '/oidc/jwks') {
        jwksFetches++;
        return { statusCode: 200, body: JSON.stringify({ keys: published.map((k) => k.publicJwk) }) };
      }
      const idToken = await new SignJWT({ nonce })
        .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
        .setIssuer(ISSUER)
        .setAudience('user-center')
        .setSubject('usr_1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(signer.privateKey);
      return { statusCode: 200, body: JSON.stringify({ id_token: idToken }) };
    },
  });

  const signIn = async () => {
    const cookies: Record<string, string> = {};
    let location = '';
    const reply = {
      setCookie: (name: string, value: string) => void (cookies[name] = value),
      clearCookie: () => {},
      redirect: (url: string) => void (location = url),
    } as unknown as FastifyReply;
    await rp.begin({ cookies } as unknown as FastifyRequest, reply, '/account');
    const query = new URL(location, PUBLIC_URL).searchParams;
    nonce = query.get('nonce')!;
    const callback = { cookies, query: { state: query.get('state')!, code: 'code', iss: ISSUER } };
    return rp.complete(callback as unknown as FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply);
  };

  assert.deepEqual(await signIn(), { returnTo: '/account' });
  assert.deepEqual(await signIn(), { returnTo: '/account' });
  assert.equal(jwksFetches, 1, 'the second sign-in verifies with the keys already fetched');

  published = [b, a];
  signer = b;
  assert.deepEqual(await signIn(), { returnTo: '/account' }, 'a token from a new key verifies after one fetch');
  assert.equal(jwksFetches, 2);

  signer = unknown;
  await assert.rejects(signIn(), (e: unknown) => e instanceof PorticoError && e.code === 'oidc.callback_invalid', 'a key the provider does not publish is refused');
});
