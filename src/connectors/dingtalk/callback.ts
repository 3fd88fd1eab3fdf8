// What DingTalk appends to redirect_uri (ref §2.2 new flow, §4.1 legacy flow).
import { DingTalkError } from './errors.ts';

export type CallbackResult =
  | { kind: 'code'; code: string; state: string | undefined }
  | { kind: 'error'; error: string; state: string | undefined };

/** A parsed query string (URLSearchParams) or a framework's query object. */
export type CallbackQuery = URLSearchParams | Record<string, unknown>;

export function parseCallback(query: CallbackQuery): CallbackResult {
  const authCode = single(query, 'authCode');
  const code = single(query, 'code');
  const state = single(query, 'state');
  const error = single(query, 'error');
  // Error wins: never go on with a code DingTalk also flagged as failed.
  if (error !== undefined) return { kind: 'error', error, state };
  // The doc sends both with the same value; either may be missing (ref §2.2). Disagreement means tampering.
  if (authCode !== undefined && code !== undefined && authCode !== code) throw invalid('authCode and code differ');
  const value = authCode ?? code;
  if (value === undefined) throw invalid('neither code nor error present');
  return { kind: 'code', code: value, state };
}

/** Turns an `error` callback into the typed error the login flow reports. */
export function callbackError(result: Extract<CallbackResult, { kind: 'error' }>): DingTalkError {
  // The `error` values are UNCONFIRMED (ref §2.2); keep the raw text as upstreamCode, trimmed.
  return new DingTalkError('dingtalk.authorization_denied', { upstreamCode: result.error.slice(0, 100) });
}

function single(query: CallbackQuery, name: string): string | undefined {
  if (query instanceof URLSearchParams) {
    const all = query.getAll(name);
    if (all.length > 1) throw invalid(`repeated parameter ${name}`);
    return nonEmpty(all[0]);
  }
  const v = Object.hasOwn(query, name) ? query[name] : undefined;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`parameter ${name} is not a single string`);
  return nonEmpty(v);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function invalid(why: string): DingTalkError {
  return new DingTalkError('dingtalk.callback_invalid', { message: `DingTalk error dingtalk.callback_invalid: ${why}` });
}
