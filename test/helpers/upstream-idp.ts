/**
 * An upstream identity provider for the OpenID Connect source's tests: a real oidc-provider (not
 * Portico's code) with its own client and accounts, and a sign-in form of its own. It can be made to
 * misbehave the ways an attacker or a broken IdP would: publish keys that do not match its signatures,
 * or answer a token request with an earlier sign-in's tokens (a replayed ID token).
 */
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port.ts';

export interface UpstreamAccount {
  name?: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
}

export interface UpstreamIdp {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** What the IdP does wrong from now on. */
  misbehave: { foreignKeys?: boolean; replayTokens?: boolean };
  close(): Promise<void>;
}

const signingKey = (kid: string) => ({ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });
const publicPart = ({ kty, n, e, kid, use, alg }: Record<string, unknown>) => ({ kty, n, e, kid, use, alg });
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid: string, idpName: string, error?: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(idpName)}</title></head>
<body style="font-family:sans-serif;max-width:22rem;margin:4rem auto">
<h1>${escape(idpName)}</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Username <input name="login" autocomplete="username" autofocus></label>
<button type="submit">Sign in</button></form></body></html>`;
}

const formBody = async (req: http.IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
};

/** Credentials for Portico's client at an IdP, chosen before the IdP starts (the source names them). */
export const upstreamClient = () => ({ id: `portico-${randomBytes(3).toString('hex')}`, secret: randomBytes(24).toString('base64url') });

/**
 * Starts the IdP. `redirectUris` are Portico's callback URLs registered for its client. A `port`
 * may be given so a source can be created (and its callback known) before the IdP listens.
 */
export async function startUpstreamIdp(o: { redirectUris: string[]; accounts: Record<string, UpstreamAccount>; port?: number; name?: string; client?: { id: string; secret: string } }): Promise<UpstreamIdp> {
  const port = o.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const { id: clientId, secret: clientSecret } = o.client ?? upstreamClient();
  const key = signingKey('upstream-1');
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: o.redirectUris, response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [key] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], phone: ['phone_number', 'phone_number_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = o.accounts[id];
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
    // Portico is this IdP's own client: no consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email phone profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  const misbehave: UpstreamIdp['misbehave'] = {};
  /** The last token response this IdP sent, for answering a later request with it. */
  let lastTokens: string | undefined;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, issuer);
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    try {
      if (interaction && req.method === 'GET') {
        await provider.interactionDetails(req, res);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(interaction[1], o.name ?? 'Upstream IdP'));
        return;
      }
      if (interaction?.[2] && req.method === 'POST') {
        const login = (await formBody(req)).get('login') ?? '';
        if (!o.accounts[login]) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(interaction[1], o.name ?? 'Upstream IdP', 'Unknown user.'));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      if (url.pathname === '/jwks' && misbehave.foreignKeys) {
        // The same key id, another key: every signature the IdP makes fails against what it publishes.
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicPart(signingKey(key.kid))] }));
        return;
      }
      if (url.pathname === '/token' && misbehave.replayTokens && lastTokens) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(lastTokens);
        return;
      }
      if (url.pathname === '/token') {
        const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
        res.end = ((chunk?: unknown) => {
          if (res.statusCode === 200 && chunk) lastTokens = String(chunk);
          return end(chunk);
        }) as typeof res.end;
      }
      callback(req, res);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    port,
    clientId,
    clientSecret,
    misbehave,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
