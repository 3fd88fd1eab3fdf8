import type { DingTalkEndpoints } from './types.ts';

/** DingTalk's real hosts (ref §1, §2.1). */
export const DEFAULT_DINGTALK_ENDPOINTS: Readonly<DingTalkEndpoints> = Object.freeze({
  login: 'https://login.dingtalk.com',
  api: 'https://api.dingtalk.com',
  oapi: 'https://oapi.dingtalk.com',
});

/** Fills in defaults, checks each base is an absolute http(s) URL and drops trailing slashes. */
export function resolveEndpoints(overrides?: Partial<DingTalkEndpoints>): DingTalkEndpoints {
  const merged = { ...DEFAULT_DINGTALK_ENDPOINTS, ...stripUndefined(overrides ?? {}) };
  return { login: normalizeBase(merged.login, 'login'), api: normalizeBase(merged.api, 'api'), oapi: normalizeBase(merged.oapi, 'oapi') };
}

function normalizeBase(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`DingTalk endpoint "${name}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`DingTalk endpoint "${name}" must be http(s)`);
  }
  if (url.search || url.hash) throw new TypeError(`DingTalk endpoint "${name}" must not have a query or fragment`);
  return value.replace(/\/+$/, '');
}

function stripUndefined(o: Partial<DingTalkEndpoints>): Partial<DingTalkEndpoints> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
