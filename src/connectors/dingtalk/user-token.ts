// authCode → user access token, and refresh (ref §2.3).
import type { ConnectorContext } from './context.ts';
import { optString, requireNonEmpty, reqNumber, reqString, type JsonObject } from './guards.ts';
import { callDingTalk } from './http.ts';
import type { UserToken } from './types.ts';

const PATH = '/v1.0/oauth2/userAccessToken';

export async function exchangeUserToken(ctx: ConnectorContext, code: string): Promise<UserToken> {
  requireNonEmpty({ code });
  const body = await callDingTalk(ctx.http, {
    method: 'POST',
    base: ctx.endpoints.api,
    path: PATH,
    json: { clientId: ctx.appKey, clientSecret: ctx.appSecret, code, grantType: 'authorization_code' },
    family: 'new',
    retryOnce: false, // the authCode is single-use (ref §2.2): a retry could only fail or double-spend
    sensitive: [ctx.appSecret, code],
  });
  return toUserToken(body);
}

export async function refreshUserToken(ctx: ConnectorContext, refreshToken: string): Promise<UserToken> {
  requireNonEmpty({ refreshToken });
  const body = await callDingTalk(ctx.http, {
    method: 'POST',
    base: ctx.endpoints.api,
    path: PATH,
    json: { clientId: ctx.appKey, clientSecret: ctx.appSecret, refreshToken, grantType: 'refresh_token' },
    family: 'new',
    // Whether refresh rotates the refresh token is UNCONFIRMED (ref §9): assume it may, so no retry.
    retryOnce: false,
    sensitive: [ctx.appSecret, refreshToken],
  });
  return toUserToken(body);
}

function toUserToken(body: JsonObject): UserToken {
  const where = 'userAccessToken';
  const token: UserToken = {
    accessToken: reqString(body, 'accessToken', where),
    refreshToken: reqString(body, 'refreshToken', where),
    expireIn: reqNumber(body, 'expireIn', where), // seconds; spelled expireIn (ref §2.3)
  };
  // Present only when scope included corpid (ref §2.3, D12).
  const corpId = optString(body.corpId);
  if (corpId !== undefined) token.corpId = corpId;
  return token;
}
