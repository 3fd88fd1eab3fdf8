/** The DingTalk source's configuration: every field of SPEC §2, with the defaults the seed recommends. */
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../../connectors/dingtalk/index.ts';
import { bindingPolicyFields } from '../binding-policy.ts';
import type { UserAttribute } from '../types.ts';

/**
 * What DingTalk can offer for association, and which Portico attribute each may be matched with:
 * phones with phones, emails with emails, DingTalk's ids with Portico's free-form ids.
 */
export const DINGTALK_ATTRIBUTES: Readonly<Record<'mobile' | 'email' | 'jobNumber' | 'userId' | 'unionId', readonly UserAttribute[]>> = {
  mobile: ['mobile'],
  email: ['email'],
  jobNumber: ['employeeNumber', 'username', 'externalId'],
  userId: ['username', 'externalId', 'employeeNumber'],
  unionId: ['externalId', 'username'],
};

/**
 * DingTalk's job number and userId are the organisation's own records, unique only inside it: matching
 * on them means believing that organisation, so it must be named (and is then checked at every sign-in).
 */
export const ORG_SCOPED_ATTRIBUTES: readonly string[] = ['jobNumber', 'userId'];

const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 });

export const DingTalkConfigSchema = Type.Object(
  {
    appKey: Type.String({ minLength: 1, maxLength: 128, pattern: '^\\S+$', description: 'AppKey (Client ID) from the DingTalk developer backend' }),
    appSecret: Type.String({ minLength: 1, maxLength: 256, description: 'AppSecret (Client Secret); write-only' }),
    corpId: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 128, pattern: '^\\S+$' }), Type.Null()], {
        description: 'Restricts login to one DingTalk organisation; needed for org lookups',
      }),
    ),
    ...bindingPolicyFields(DINGTALK_ATTRIBUTES, { sourceAttribute: 'mobile', userAttribute: 'mobile' }),
    qrMode: Type.Union([Type.Literal('embedded'), Type.Literal('redirect')], { default: 'embedded', description: "QR display: embedded on Portico's page or DingTalk's hosted page" }),
    protocol: Type.Union([Type.Literal('oauth2'), Type.Literal('legacy')], { default: 'oauth2', description: 'New OAuth2 flow or the legacy sns flow' }),
    endpoints: Type.Object(
      { login: HttpUrl, api: HttpUrl, oapi: HttpUrl },
      { additionalProperties: false, default: { ...DEFAULT_DINGTALK_ENDPOINTS }, description: 'DingTalk API base URLs' },
    ),
    timeoutMs: Type.Integer({ minimum: 500, maximum: 30000, default: 5000, description: 'Timeout of each DingTalk API call' }),
  },
  { additionalProperties: false },
);
export type DingTalkConfig = Static<typeof DingTalkConfigSchema>;

type EndpointKey = keyof typeof DEFAULT_DINGTALK_ENDPOINTS;

/** The first API base URL that is not DingTalk's own host (all a deployment allows unless its operator says otherwise). */
export function foreignDingTalkEndpoint(endpoints: DingTalkConfig['endpoints']): EndpointKey | undefined {
  return (Object.keys(DEFAULT_DINGTALK_ENDPOINTS) as EndpointKey[]).find((key) => endpoints[key].replace(/\/+$/, '') !== DEFAULT_DINGTALK_ENDPOINTS[key]);
}

/**
 * DingTalk's JSAPI as hosted by DingTalk (its CDN), pinned to one version: the script that asks the
 * client for an in-app sign-in code (ref §3.2). Hosted rather than bundled: Portico's pages are plain
 * scripts with no bundler, the container and the script are DingTalk's to keep in step, and the CSP can
 * name exactly one foreign origin for it. The version pin (3.0.25) is UNCONFIRMED as the newest 3.x;
 * any 3.x offers `dd.runtime.permission.requestAuthCode`. UNCONFIRMED too: that the script reaches the
 * container only through what the container injects (no frames, no fetches), so script-src is all it needs.
 */
export const HOSTED_DINGTALK_JSAPI = 'https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js';

/** Where a source's pages load the JSAPI from, and what else the page's scripts may talk to. */
export interface JsapiOrigin {
  scriptUrl: string;
  scriptOrigin: string;
  /** The server the script itself calls from the page: only a stand-in's (DingTalk's own script talks to the client, not the network). */
  connectOrigins: string[];
}

/**
 * The JSAPI for a source's endpoints: DingTalk's hosted script for DingTalk's own servers; with other
 * servers (the simulator, allowed by PORTICO_DINGTALK_CUSTOM_ENDPOINTS) the stand-in those servers
 * offer at /jsapi/dingtalk.open.js, which asks its simulated client for a code over fetch.
 */
export function jsapiOf(endpoints: DingTalkConfig['endpoints']): JsapiOrigin {
  if (!foreignDingTalkEndpoint(endpoints)) {
    return { scriptUrl: HOSTED_DINGTALK_JSAPI, scriptOrigin: new URL(HOSTED_DINGTALK_JSAPI).origin, connectOrigins: [] };
  }
  const origin = new URL(endpoints.oapi).origin;
  return { scriptUrl: `${origin}/jsapi/dingtalk.open.js`, scriptOrigin: origin, connectOrigins: [origin] };
}
