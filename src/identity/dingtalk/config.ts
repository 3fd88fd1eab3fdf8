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
