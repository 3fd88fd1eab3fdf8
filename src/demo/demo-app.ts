/**
 * The demo application: a separate little web app that signs in with Portico exactly as any
 * "application system" would — discovery, authorization code flow with PKCE, state, nonce and `iss`
 * checked, the code exchanged with its client secret, the ID token verified against the JWKS — then
 * shows who signed in and offers RP-initiated sign-out. It shares no state with Portico but the
 * HTTP conversation, and keeps its own in memory (it is a demo of one process).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { demoAppPage } from './demo-app-page.ts';
import { DEMO_APP_CALLBACK_PATH, DEMO_APP_LOGIN_PATH } from './demo-app-registration.ts';
import { authorizationRequest, rpSecret as random } from '../oidc/rp-request.ts';
import { ACR_MULTI_FACTOR } from '../oidc/acr.ts';

const SESSION_COOKIE = 'portico_demo_app';
/** A sign-in attempt must come back within this, like Portico's own login transactions. */
const PENDING_TTL_MS = 10 * 60 * 1000;
const SCOPE = 'openid profile email phone';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
}

interface Signed {
  claims: JWTPayload;
  userinfo: Record<string, unknown>;
  idToken: string;
}

export interface DemoAppOptions {
  port: number;
  host: string;
  /** Where browsers reach the demo app; its redirect URI is this plus /callback. */
  publicUrl: string;
  /** Portico's issuer, `${PORTICO_PUBLIC_URL}/oidc`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

function cookieOf(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

export async function startDemoApp(o: DemoAppOptions) {
  const sessions = new Map<string, Signed>();
  const pending = new Map<string, { verifier: string; nonce: string; at: number; stepUp: boolean }>();
  let discovered: Promise<{ meta: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const redirectUri = o.publicUrl + DEMO_APP_CALLBACK_PATH;

  const discover = () =>
    (discovered ??= (async () => {
      const res = await fetch(`${o.issuer}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`discovery answered ${res.status}`);
      const meta = (await res.json()) as Discovery;
      if (meta.issuer !== o.issuer) throw new Error(`discovery names issuer ${meta.issuer}`);
      return { meta, jwks: createRemoteJWKSet(new URL(meta.jwks_uri)) };
    })().catch((error) => {
      discovered = undefined;
      throw error;
    }));

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const redirect = (res: http.ServerResponse, location: string, headers: Record<string, string> = {}) => {
    res.writeHead(303, { location, ...headers });
    res.end();
  };

  /** `stepUp`: before something sensitive, the app asks for the multi-factor level (acr_values), whatever Portico's policy for it. */
  async function signIn(res: http.ServerResponse, stepUp: boolean) {
    const { meta } = await discover();
    const { state, nonce, verifier, query } = authorizationRequest({ clientId: o.clientId, redirectUri, scope: SCOPE });
    if (stepUp) query.set('acr_values', ACR_MULTI_FACTOR);
    for (const [key, value] of pending) if (value.at + PENDING_TTL_MS < Date.now()) pending.delete(key);
    pending.set(state, { verifier, nonce, at: Date.now(), stepUp });
    redirect(res, `${meta.authorization_endpoint}?${query}`);
  }

  async function callback(url: URL, res: http.ServerResponse) {
    const { meta, jwks } = await discover();
    const state = url.searchParams.get('state') ?? '';
    const entry = pending.get(state);
    pending.delete(state);
    if (!entry || entry.at + PENDING_TTL_MS < Date.now()) return send(res, 400, demoAppPage({ error: 'This sign-in expired or was already used. Sign in again.' }));
    if (url.searchParams.get('iss') !== meta.issuer) return send(res, 400, demoAppPage({ error: 'The answer came from another issuer.' }));
    const error = url.searchParams.get('error');
    if (error) return send(res, 400, demoAppPage({ error: `Portico answered ${error}: ${url.searchParams.get('error_description') ?? ''}` }));

    const basic = Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString('base64');
    const tokenRes = await fetch(meta.token_endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: redirectUri, code_verifier: entry.verifier }),
    });
    const tokens = (await tokenRes.json()) as { id_token?: string; access_token?: string; error?: string; error_description?: string };
    if (!tokenRes.ok || !tokens.id_token || !tokens.access_token) {
      return send(res, 502, demoAppPage({ error: `The token endpoint answered ${tokens.error ?? tokenRes.status}: ${tokens.error_description ?? ''}` }));
    }
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: meta.issuer, audience: o.clientId });
    if (payload.nonce !== entry.nonce) return send(res, 400, demoAppPage({ error: 'The ID token was not issued for this sign-in (nonce).' }));
    // An application that asked for the multi-factor level checks it got it (OpenID Connect Core §3.1.2.1: acr_values is a request, not a promise).
    if (entry.stepUp && payload.acr !== ACR_MULTI_FACTOR) return send(res, 403, demoAppPage({ error: `Asked for ${ACR_MULTI_FACTOR}, got ${String(payload.acr)}.` }));
    const userinfoRes = await fetch(meta.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const userinfo = userinfoRes.ok ? ((await userinfoRes.json()) as Record<string, unknown>) : {};

    const sid = random();
    sessions.set(sid, { claims: payload, userinfo, idToken: tokens.id_token });
    redirect(res, '/', { 'set-cookie': `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  }

  async function signOut(req: http.IncomingMessage, res: http.ServerResponse) {
    const sid = cookieOf(req);
    const signed = sid ? sessions.get(sid) : undefined;
    if (sid) sessions.delete(sid);
    const clear = { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
    if (!signed) return redirect(res, '/', clear);
    const { meta } = await discover();
    // RP-initiated logout: Portico ends its session too, then sends the browser back here.
    const query = new URLSearchParams({ id_token_hint: signed.idToken, post_logout_redirect_uri: `${o.publicUrl}/`, client_id: o.clientId, state: random() });
    redirect(res, `${meta.end_session_endpoint}?${query}`, clear);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', o.publicUrl);
    const route = `${req.method} ${url.pathname}`;
    const handled = (async () => {
      if (route === 'GET /') {
        const sid = cookieOf(req);
        const signed = sid ? sessions.get(sid) : undefined;
        return send(res, 200, demoAppPage(signed ? { claims: signed.claims, userinfo: signed.userinfo } : { signedOut: url.searchParams.has('state') }));
      }
      if (route === `GET ${DEMO_APP_LOGIN_PATH}`) {
        // Also its initiate login URI (OpenID Connect Core §4): a sign-in started at Portico names the
        // issuer, and only its own issuer is asked; the authorization it then starts is its own.
        const iss = url.searchParams.get('iss');
        if (iss !== null && iss !== o.issuer) return send(res, 400, demoAppPage({ error: `This app signs in only with ${o.issuer}, not ${iss}.` }));
        return signIn(res, url.searchParams.get('step_up') === '1');
      }
      if (route === `GET ${DEMO_APP_CALLBACK_PATH}`) return callback(url, res);
      if (route === 'POST /logout') return signOut(req, res);
      return send(res, 404, demoAppPage({ error: 'Not found.' }));
    })();
    handled.catch((error: Error) => {
      if (!res.headersSent) send(res, 502, demoAppPage({ error: `Something went wrong talking to Portico: ${error.message}` }));
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: o.publicUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
