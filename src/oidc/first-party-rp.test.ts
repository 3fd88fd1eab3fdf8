import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
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

/** A relying party whose provider is played in memory: the published keys and the signer can change between sign-ins. */
async function fixture() {
  const [a, b, unknown] = await Promise.all([signingKey('a'), signingKey('b'), signingKey('c')]);
  const f = { published: [a], signer: a, jwksFetches: 0, keys: { a, b, unknown } };
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
        f.jwksFetches++;
        return { statusCode: 200, body: JSON.stringify({ keys: f.published.map((k) => k.publicJwk) }) };
      }
      const idToken = await new SignJWT({ nonce })
        .setProtectedHeader({ alg: 'ES256', kid: f.signer.kid })
        .setIssuer(ISSUER)
        .setAudience('user-center')
        .setSubject('usr_1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(f.signer.privateKey);
      return { statusCode: 200, body: JSON.stringify({ id_token: idToken }) };
    },
  });

  const browser = () => {
    const cookies: Record<string, string> = {};
    let location = '';
    const reply = {
      setCookie: (name: string, value: string) => void (cookies[name] = value),
      clearCookie: () => {},
      redirect: (url: string) => void (location = url),
    } as unknown as FastifyReply;
    return { cookies, reply, location: () => location };
  };
  const callback = (cookies: Record<string, string>, state: string) =>
    ({ cookies, query: { state, code: 'code', iss: ISSUER } }) as unknown as FastifyRequest<{ Querystring: Record<string, string | undefined> }>;

  /** Begins a sign-in in a fresh browser; `finish` completes it from that browser, `replayElsewhere` from another. */
  const begin = async () => {
    const me = browser();
    await rp.begin({ cookies: me.cookies } as unknown as FastifyRequest, me.reply, '/account');
    const query = new URL(me.location(), PUBLIC_URL).searchParams;
    nonce = query.get('nonce')!;
    const state = query.get('state')!;
    return {
      finish: () => rp.complete(callback(me.cookies, state), me.reply),
      replayElsewhere: () => rp.complete(callback({}, state), browser().reply),
    };
  };
  return { f, begin, signIn: async () => (await begin()).finish() };
}

const stateRefused = (e: unknown) => e instanceof PorticoError && e.code === 'oidc.callback_state_invalid';

test('the ID token keys are fetched once, and again only for a key id not seen yet (a rotation)', async () => {
  const { f, signIn } = await fixture();
  assert.deepEqual(await signIn(), { returnTo: '/account' });
  assert.deepEqual(await signIn(), { returnTo: '/account' });
  assert.equal(f.jwksFetches, 1, 'the second sign-in verifies with the keys already fetched');

  f.published = [f.keys.b, f.keys.a];
  f.signer = f.keys.b;
  assert.deepEqual(await signIn(), { returnTo: '/account' }, 'a token from a new key verifies after one fetch');
  assert.equal(f.jwksFetches, 2);

  f.signer = f.keys.unknown;
  await assert.rejects(signIn(), (e: unknown) => e instanceof PorticoError && e.code === 'oidc.callback_invalid', 'a key the provider does not publish is refused');
});

test('a callback replayed from another browser is refused without using up the real browser\'s state', async () => {
  const { begin } = await fixture();
  const flow = await begin();
  await assert.rejects(flow.replayElsewhere(), stateRefused);
  assert.deepEqual(await flow.finish(), { returnTo: '/account' });
  await assert.rejects(flow.finish(), stateRefused, 'and the state is single use');
});
