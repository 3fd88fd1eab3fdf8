/**
 * (4) A bare oidc-provider, nothing of Portico: its default in-memory storage, one confidential
 * client, ES256 ID tokens and refresh-token rotation like Portico's provider. It mints one refresh
 * token per worker (a grant and a token written through its own models), prints
 * `{url, clientId, clientSecret, refreshTokens}` as one JSON line, and serves until SIGTERM.
 */
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

const workers = Number(process.env.BENCH_CONCURRENCY ?? 64);
const CLIENT = { client_id: 'bench-bare', client_secret: 'bench-bare-secret-0123456789abcdef' };
const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const ACCOUNT_ID = 'bench-account';
const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const provider = new Provider(url, {
  clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], id_token_signed_response_alg: 'ES256' }],
  jwks: { keys: [jwk as never] },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  scopes: ['openid', 'offline_access'],
  rotateRefreshToken: true,
  ttl: { RefreshToken: REFRESH_TOKEN_TTL_S, Grant: REFRESH_TOKEN_TTL_S },
  features: { devInteractions: { enabled: false } },
});
server.on('request', provider.callback());

const client = await provider.Client.find(CLIENT.client_id);
const refreshTokens: string[] = [];
for (let i = 0; i < workers; i++) {
  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: CLIENT.client_id });
  grant.addOIDCScope('openid offline_access');
  const grantId = await grant.save();
  const token = new provider.RefreshToken({ accountId: ACCOUNT_ID, client: client!, grantId, scope: 'openid offline_access', gty: 'authorization_code', authTime: Math.floor(Date.now() / 1000) });
  refreshTokens.push(await token.save());
}
process.stdout.write(JSON.stringify({ url, tokenEndpoint: `${url}/token`, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, refreshTokens }) + '\n');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
