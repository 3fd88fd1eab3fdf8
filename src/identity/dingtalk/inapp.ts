/**
 * Signing in inside the DingTalk client (免登, ref §3): the page asks the client's JSAPI for a code with
 * no prompt, the callback exchanges it with the app token (topapi/v2/user/getuserinfo) and reads the
 * organisation's record of the person (topapi/v2/user/get), so the binding rules see the same identity
 * as a QR sign-in of that person: subject = unionId.
 */
import { isDingTalkError, type DingTalkClient, type OrgUser } from '../../connectors/dingtalk/index.ts';
import type { ExternalIdentity, SignInStart } from '../types.ts';
import { fail } from './codes.ts';
import { jsapiOf, type DingTalkConfig } from './config.ts';
import { externalIdentityOf } from './flow.ts';
import { inAppBody } from './inapp-page.ts';
import { boundIdentity, boundOrgRecord } from './profile.ts';

/** The sign-in method in-app sign-ins are recorded under (the audit log's `method`, the dashboard, GET /metrics). */
export const IN_APP_METHOD = 'dingtalk_inapp';

/** The query parameter that carries the client's code back to the callback, beside `state`. */
export const IN_APP_CODE_PARAM = 'inapp_code';

/** What the in-app page's fallback adds to the start URL when the JSAPI refuses: the QR code instead. */
export const IN_APP_OFF = { param: 'inapp', value: 'off' } as const;

/** Kept with the login transaction: this attempt was started inside the client, so only a client's code completes it. */
export interface InAppCarry {
  inApp: true;
}
export const isInAppCarry = (carry: unknown): carry is InAppCarry => typeof carry === 'object' && carry !== null && (carry as InAppCarry).inApp === true;

/** DingTalk's client says so in its User-Agent, on every platform (ref §3.1). */
export const isInsideDingTalk = (userAgent: string | undefined) => /DingTalk/.test(userAgent ?? '');

/**
 * A phone's own browser (not DingTalk's web view): a QR code shown there cannot be scanned by the phone
 * showing it. Phones say `Mobile` (iOS Safari, Android Chrome) or name themselves; tablets are left to
 * the QR code, which another device can scan.
 */
export const isPhoneBrowser = (userAgent: string | undefined) => !isInsideDingTalk(userAgent) && /\b(iPhone|iPod)\b|Android.*\bMobile\b|\bMobile Safari\b/.test(userAgent ?? '');

/** Why an in-app start falls back to the QR code, or nothing when it may go ahead. */
export function inAppRefusal(config: DingTalkConfig, c: { userAgent?: string; query: Record<string, unknown> }): string | undefined {
  if (!isInsideDingTalk(c.userAgent)) return 'not inside the DingTalk client';
  if (c.query[IN_APP_OFF.param] === IN_APP_OFF.value) return "the DingTalk client's JSAPI refused a code";
  // A code is only meaningful inside one organisation (requestAuthCode takes its CorpId).
  if (!config.corpId) return "the source has no CorpId, which in-DingTalk sign-in needs";
  // A legacy sns app (扫码登录 appid) is no micro-app: it has no app token to exchange codes with (UNCONFIRMED, likely).
  if (config.protocol === 'legacy') return 'the source uses the legacy sns protocol, whose app cannot exchange in-app codes';
  return undefined;
}

/** The page shown inside the client: "Signing you in…" while the JSAPI gets a code and the browser takes it to the callback. */
export function startInApp(config: DingTalkConfig & { corpId: string }, c: { redirectUri: string; state: string; appName: string }): SignInStart {
  const jsapi = jsapiOf(config.endpoints);
  return {
    kind: 'page',
    body: (t) => inAppBody(t, { appName: c.appName, corpId: config.corpId, callbackUrl: c.redirectUri, state: c.state, codeParam: IN_APP_CODE_PARAM, fallback: IN_APP_OFF }),
    scripts: [jsapi.scriptUrl, '/assets/dingtalk-inapp.js'],
    frameOrigins: [],
    scriptOrigins: [jsapi.scriptOrigin],
    connectOrigins: jsapi.connectOrigins,
    reason: 'dingtalk.inapp_started',
    carry: { inApp: true } satisfies InAppCarry,
    method: IN_APP_METHOD,
  };
}

type Logger = { warn(obj: Record<string, unknown>, msg: string): void };

/** What can go wrong reading the record that no configuration of the app explains: these end the sign-in. */
const FATAL_ORG_ERRORS: readonly string[] = ['dingtalk.unavailable', 'dingtalk.timeout', 'dingtalk.rate_limited', 'dingtalk.user_not_in_org'];

/**
 * The organisation's record of the member. Without it only the association attributes are missing (the
 * not-associated policy decides, as for a scan: ./flow.ts), unless the unionId is missing too. A member
 * the organisation no longer knows (60121, left since the code was minted) is refused.
 */
async function memberRecord(client: DingTalkClient, userId: string, unionIdKnown: boolean, log: Logger): Promise<OrgUser | undefined> {
  try {
    return await client.getOrgUser(userId);
  } catch (error) {
    if (!unionIdKnown || !isDingTalkError(error) || FATAL_ORG_ERRORS.includes(error.code)) throw error;
    log.warn({ code: error.code, upstreamCode: error.upstreamCode, requestId: error.requestId }, 'DingTalk org record unavailable');
    return undefined;
  }
}

/** The person behind the client's code, with the organisation's record of them. */
export async function completeInApp(client: DingTalkClient, query: Record<string, unknown>, log: Logger): Promise<ExternalIdentity> {
  const code = query[IN_APP_CODE_PARAM];
  // One code, as text: anything else is no answer DingTalk's client gave.
  if (typeof code !== 'string' || !code) throw fail('dingtalk.callback_invalid', 'The in-DingTalk sign-in came back without its code.');
  let info;
  try {
    info = await client.getUserInfoByCode(code);
  } catch (error) {
    // Used, expired, forged or another organisation's (40078): a fresh code from the client is the cure.
    if (isDingTalkError(error) && error.code === 'dingtalk.auth_code_invalid') throw fail('dingtalk.inapp_code_invalid', 'The in-DingTalk sign-in code was used or expired.', { cause: error });
    throw error;
  }
  const { userId } = boundOrgRecord({ userId: info.userId });
  // The organisation's record: the association attributes (mobile, job number…), and the unionId when getuserinfo left it out.
  const user = await memberRecord(client, userId, Boolean(info.unionId), log);
  const org = boundOrgRecord({ userId, name: user?.name, mobile: user?.mobile, stateCode: user?.stateCode, email: user?.email, orgEmail: user?.orgEmail, jobNumber: user?.jobNumber });
  const identity = boundIdentity({ unionId: info.unionId || user!.unionId, nick: user?.name || info.name, avatarUrl: user?.avatar });
  return externalIdentityOf(identity, org);
}
