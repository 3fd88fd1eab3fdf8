// Validation of authorization requests: the new flow (login.dingtalk.com/oauth2/auth) and the legacy
// one (oapi /connect/qrconnect, /connect/oauth2/sns_authorize). Failures are shown as an HTML error
// page by the caller, never as a redirect (the simulator must not be an open redirector).
import type { SimApp } from './fixture.ts';
import type { RedirectMatch } from './context.ts';
import type { World } from './world.ts';
import { queryParam } from './util.ts';

export interface OAuth2AuthorizeRequest {
  app: SimApp;
  redirectUri: string;
  state?: string;
  scopes: string[];
  corpId?: string;
  iframe: boolean;
}

export interface LegacyAuthorizeRequest {
  app: SimApp;
  redirectUri: string;
  state?: string;
  scope: 'snsapi_login' | 'snsapi_auth';
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Does the app's registered list allow this redirect_uri? Sources disagree whether DingTalk compares the
 * exact URL or only the domain (ref §7.3, UNCONFIRMED), so it is configurable: 'exact' (default) compares
 * the whole string; 'host' compares host and port (any path).
 */
export function redirectUriAllowed(app: SimApp, uri: string, mode: RedirectMatch): boolean {
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (mode === 'exact') return app.redirectUris.includes(uri);
  return app.redirectUris.some((r) => {
    try {
      return new URL(r).host === target.host;
    } catch {
      return false;
    }
  });
}

/** `openid`, `openid corpid` (space, '+' or ','; whether DingTalk accepts ',' is UNCONFIRMED, JustAuth sends it). */
export function parseOAuth2Scope(scope: string): string[] | undefined {
  const parts = scope.split(/[\s+,]+/).filter(Boolean);
  const set = new Set(parts);
  if (set.size !== parts.length || !set.has('openid')) return undefined;
  if (parts.length === 1) return ['openid'];
  if (parts.length === 2 && set.has('corpid')) return ['openid', 'corpid'];
  return undefined;
}

function checkClientAndRedirect(world: World, clientId: string | undefined, redirectUri: string | undefined,
  mode: RedirectMatch, errors: string[], idName: string): SimApp | undefined {
  let app: SimApp | undefined;
  if (!clientId) errors.push(`缺少参数 ${idName} (missing ${idName})`);
  else {
    app = world.apps.get(clientId);
    if (!app) errors.push(`应用不存在 (unknown ${idName} "${clientId}")`);
  }
  if (!redirectUri) errors.push('缺少参数 redirect_uri (missing redirect_uri)');
  else if (app && !redirectUriAllowed(app, redirectUri, mode)) {
    // What DingTalk shows on a mismatch is UNCONFIRMED (ref §9); the simulator shows this page and never redirects.
    errors.push(`redirect_uri 与应用配置的重定向URL不一致 (redirect_uri "${redirectUri}" is not registered for this app)`);
  }
  return app;
}

export function checkOAuth2Authorize(world: World, query: unknown, mode: RedirectMatch): Checked<OAuth2AuthorizeRequest> {
  const errors: string[] = [];
  const clientId = queryParam(query, 'client_id');
  const redirectUri = queryParam(query, 'redirect_uri');
  const app = checkClientAndRedirect(world, clientId, redirectUri, mode, errors, 'client_id');
  const responseType = queryParam(query, 'response_type');
  if (responseType !== 'code') errors.push(`response_type 必须为 code (response_type must be "code", got ${JSON.stringify(responseType ?? null)})`);
  const scopeRaw = queryParam(query, 'scope');
  const scopes = scopeRaw === undefined ? undefined : parseOAuth2Scope(scopeRaw);
  if (!scopes) errors.push(`scope 不合法 (scope must be "openid" or "openid corpid", got ${JSON.stringify(scopeRaw ?? null)})`);
  // prompt: the latest doc marks it required with the single value "consent"; older examples omit it,
  // so absence is tolerated (UNCONFIRMED) but any other value is refused.
  const prompt = queryParam(query, 'prompt');
  if (prompt !== undefined && prompt !== 'consent') errors.push(`prompt 仅支持 consent (prompt must be "consent", got "${prompt}")`);
  const corpId = queryParam(query, 'corpId') || undefined;
  if (corpId && scopes?.includes('corpid') && app && corpId !== app.corpId) {
    // Internal apps do not support cross-org login (D1): forcing another org can never succeed.
    errors.push(`corpId "${corpId}" 不是该应用所属的组织 (internal apps only allow their own organization)`);
  }
  if (errors.length || !app || !redirectUri || !scopes) return { ok: false, errors };
  return {
    ok: true,
    value: {
      app, redirectUri, scopes,
      state: queryParam(query, 'state'),
      corpId: scopes.includes('corpid') ? corpId : undefined,
      iframe: queryParam(query, 'iframe') === 'true',
    },
  };
}

export function checkLegacyAuthorize(world: World, query: unknown, mode: RedirectMatch): Checked<LegacyAuthorizeRequest> {
  const errors: string[] = [];
  const appid = queryParam(query, 'appid');
  const redirectUri = queryParam(query, 'redirect_uri');
  const app = checkClientAndRedirect(world, appid, redirectUri, mode, errors, 'appid');
  const responseType = queryParam(query, 'response_type');
  if (responseType !== 'code') errors.push(`response_type 必须为 code (response_type must be "code")`);
  const scope = queryParam(query, 'scope');
  if (scope !== 'snsapi_login' && scope !== 'snsapi_auth') {
    errors.push(`scope 不合法 (scope must be snsapi_login or snsapi_auth, got ${JSON.stringify(scope ?? null)})`);
  }
  if (errors.length || !app || !redirectUri || (scope !== 'snsapi_login' && scope !== 'snsapi_auth')) return { ok: false, errors };
  return { ok: true, value: { app, redirectUri, scope, state: queryParam(query, 'state') } };
}
