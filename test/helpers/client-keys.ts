/**
 * What an application brings to private_key_jwt: a key pair it signs its client assertions with, and
 * (when it registers a JWKS URI) a loopback server publishing the public half, as a development RP
 * beside the node would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A key pair an application signs its assertions with: the private key it keeps, the public JWK it registers. */
export async function clientKey(alg: 'ES256' | 'RS256' | 'PS256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { key: { key: privateKey, kid }, jwk, privateJwk: { ...(await exportJWK(privateKey)), kid, alg } };
}

/** An application's JWKS URI: plain http on loopback, serving what `serve` was last given, counting fetches. */
export async function startJwksServer() {
  let served: { keys: JWK[] } = { keys: [] };
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    serve: (keys: JWK[]) => void (served = { keys }),
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
