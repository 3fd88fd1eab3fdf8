/**
 * An application's side of a sign-out, for the logout tests: a small HTTP server on loopback that
 * records what Portico sends it: logout tokens POSTed to `/backchannel` (Back-Channel Logout 1.0 §2.5)
 * and the browser's visits to `/frontchannel` (Front-Channel Logout 1.0 §2), and serves the pages a
 * browser lands on after signing in (`/callback`) and out (`/signed-out`).
 */
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** How the back-channel endpoint answers: 200, a 500, or only after `slowMs`. */
export type ReceiverMode = 'ok' | 'fail' | 'slow';

export interface LogoutReceiver {
  url: string;
  backchannelUri: string;
  frontchannelUri: string;
  signedOutUri: string;
  callbackUri: string;
  /** Each logout token received, in order. */
  tokens: string[];
  /** The query of each front-channel logout page the browser loaded. */
  frontchannelHits: URLSearchParams[];
  /** Waits until `n` logout tokens have come (or fails after `ms`). */
  waitForTokens(n: number, ms?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** `frontchannelDelayMs`: how long its front-channel logout page takes to answer (an application that is slow in the browser too). */
export async function startLogoutReceiver(mode: ReceiverMode = 'ok', slowMs = 0, o: { frontchannelDelayMs?: number } = {}): Promise<LogoutReceiver> {
  const tokens: string[] = [];
  const frontchannelHits: URLSearchParams[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/backchannel') {
      let body = '';
      for await (const chunk of req) body += chunk;
      // §2.8: the RP answers as soon as it has the token; this one records it first.
      const token = new URLSearchParams(body).get('logout_token');
      if (token && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) tokens.push(token);
      if (mode === 'slow') await sleep(slowMs);
      res.writeHead(mode === 'fail' ? 500 : 200, { 'cache-control': 'no-store' }).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/frontchannel') {
      frontchannelHits.push(url.searchParams);
      if (o.frontchannelDelayMs) await sleep(o.frontchannelDelayMs);
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end('<!doctype html><title>signed out of the app</title>');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/callback') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Signed in</title><h1>Signed in to the application</h1>');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/signed-out') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Signed out</title><h1>Signed out of the application</h1>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    backchannelUri: `${url}/backchannel`,
    frontchannelUri: `${url}/frontchannel`,
    signedOutUri: `${url}/signed-out`,
    callbackUri: `${url}/callback`,
    tokens,
    frontchannelHits,
    async waitForTokens(n, ms = 5000) {
      const until = Date.now() + ms;
      while (tokens.length < n && Date.now() < until) await sleep(20);
      if (tokens.length < n) throw new Error(`expected ${n} logout tokens at ${url}, got ${tokens.length}`);
      return tokens;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
