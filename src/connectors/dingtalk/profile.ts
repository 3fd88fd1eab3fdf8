// The signed-in user's identity via the user token (ref §2.4).
import type { ConnectorContext } from './context.ts';
import { optString, requireNonEmpty, reqString, type JsonObject } from './guards.ts';
import { callDingTalk } from './http.ts';
import type { DingTalkProfile } from './types.ts';

export async function getCurrentUser(ctx: ConnectorContext, accessToken: string): Promise<DingTalkProfile> {
  requireNonEmpty({ accessToken });
  const body = await callDingTalk(ctx.http, {
    method: 'GET',
    base: ctx.endpoints.api,
    path: '/v1.0/contact/users/me',
    // Header only: query or Bearer gets AuthenticationFailed.MissingParameter (ref §1).
    headers: { 'x-acs-dingtalk-access-token': accessToken },
    family: 'new',
    retryOnce: true, // a read with a reusable token
    sensitive: [accessToken],
  });
  return toProfile(body);
}

/** Only unionId is required (ref §2.4); the rest depends on permissions and what the user set up. */
export function toProfile(body: JsonObject): DingTalkProfile {
  const profile: DingTalkProfile = { unionId: reqString(body, 'unionId', 'users/me') };
  assignIfPresent(profile, 'openId', body.openId);
  assignIfPresent(profile, 'nick', body.nick);
  assignIfPresent(profile, 'avatarUrl', body.avatarUrl);
  assignIfPresent(profile, 'mobile', body.mobile);
  assignIfPresent(profile, 'stateCode', body.stateCode);
  assignIfPresent(profile, 'email', body.email);
  return profile;
}

export function assignIfPresent<T extends object, K extends keyof T>(target: T, key: K, value: unknown): void {
  const v = optString(value);
  if (v !== undefined) target[key] = v as T[K];
}
