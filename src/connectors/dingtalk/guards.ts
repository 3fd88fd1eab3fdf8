// Hand-written shape checks for DingTalk JSON (no schema library in the connector).
import { DingTalkError } from './errors.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined. Empty strings count as "absent" (an empty job number must not match). */
export function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Numbers sometimes arrive as numeric strings in DingTalk's doc examples (ref §5.3). */
export function optNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

export function optBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function badResponse(what: string, requestId?: string): DingTalkError {
  return new DingTalkError('dingtalk.bad_response', {
    message: `DingTalk error dingtalk.bad_response: ${what}`,
    requestId,
  });
}

export function reqString(o: JsonObject, key: string, where: string): string {
  const v = optString(o[key]);
  if (v === undefined) throw badResponse(`${where}: missing or invalid "${key}"`, requestIdOf(o));
  return v;
}

export function reqNumber(o: JsonObject, key: string, where: string): number {
  const v = optNumber(o[key]);
  if (v === undefined) throw badResponse(`${where}: missing or invalid "${key}"`, requestIdOf(o));
  return v;
}

export function reqObject(o: JsonObject, key: string, where: string): JsonObject {
  const v = o[key];
  if (!isObject(v)) throw badResponse(`${where}: missing or invalid "${key}"`, requestIdOf(o));
  return v;
}

/** requestid (new API) or request_id (oapi), ref §2.5, §5.5. */
export function requestIdOf(o: JsonObject): string | undefined {
  return optString(o.requestid) ?? optString(o.request_id);
}

/** Caller mistakes (empty id, code or token) are programming errors, not DingTalk errors. */
export function requireNonEmpty(values: Record<string, string | undefined>): void {
  for (const [name, v] of Object.entries(values)) {
    if (typeof v !== 'string' || v === '') throw new TypeError(`${name} is required`);
  }
}
