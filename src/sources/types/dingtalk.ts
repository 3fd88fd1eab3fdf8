/** The DingTalk authentication source: every field of SPEC §2, with the defaults the seed recommends. */
import { Type, type Static } from '@sinclair/typebox';
import { invalid } from '../../errors.ts';
import { VISIBLE_LINES_PATTERN } from '../../validation.ts';
import type { SourceType } from '../registry.ts';
import { DEFAULT_DINGTALK_ENDPOINTS } from '../../connectors/dingtalk/index.ts';
import { DINGTALK_TRUST_FIELDS } from '../trust.ts';

export const SOURCE_ATTRIBUTES = ['mobile', 'email', 'jobNumber', 'userId', 'unionId'] as const;
export const USER_ATTRIBUTES = ['mobile', 'email', 'username', 'employeeNumber', 'externalId'] as const;
export const NOT_ASSOCIATED_POLICIES = ['bind_existing', 'create_user', 'deny'] as const;

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
    autoBind: Type.Boolean({ default: true, description: 'Bind first-time users automatically by the association attributes' }),
    sourceAttribute: Type.Union(SOURCE_ATTRIBUTES.map((v) => Type.Literal(v)), { default: 'mobile', description: 'Source Association Attribute (DingTalk side)' }),
    userAttribute: Type.Union(USER_ATTRIBUTES.map((v) => Type.Literal(v)), { default: 'mobile', description: 'User Association Attribute (Portico side)' }),
    notAssociated: Type.Union(NOT_ASSOCIATED_POLICIES.map((v) => Type.Literal(v)), {
      default: 'bind_existing',
      description: 'When User is Not Associated: bind an existing account (phone + code), create a new account, or deny login',
    }),
    notAssociatedOrgUnitId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'Org unit for created accounts' })),
    denyMessage: Type.Optional(Type.Union([Type.String({ maxLength: 500, pattern: VISIBLE_LINES_PATTERN }), Type.Null()], { description: 'Whom to contact, shown when login is denied' })),
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

/** Which DingTalk attribute may be matched with which Portico attribute: phones with phones, emails with emails. */
const COMPATIBLE: Record<(typeof SOURCE_ATTRIBUTES)[number], readonly (typeof USER_ATTRIBUTES)[number][]> = {
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
export const ORG_SCOPED_ATTRIBUTES: readonly DingTalkConfig['sourceAttribute'][] = ['jobNumber', 'userId'];

type EndpointKey = keyof typeof DEFAULT_DINGTALK_ENDPOINTS;

/** The first API base URL that is not DingTalk's own host (all a deployment allows unless its operator says otherwise). */
export function foreignDingTalkEndpoint(endpoints: DingTalkConfig['endpoints']): EndpointKey | undefined {
  return (Object.keys(DEFAULT_DINGTALK_ENDPOINTS) as EndpointKey[]).find((key) => endpoints[key].replace(/\/+$/, '') !== DEFAULT_DINGTALK_ENDPOINTS[key]);
}

export const dingtalkSourceType: SourceType<DingTalkConfig> = {
  type: 'dingtalk',
  label: 'DingTalk',
  singleton: false,
  configSchema: DingTalkConfigSchema,
  secretFields: ['appSecret'],
  trustFields: DINGTALK_TRUST_FIELDS,
  async check(config, refs) {
    const foreign = refs.policy.allowCustomEndpoints ? undefined : foreignDingTalkEndpoint(config.endpoints);
    if (foreign) {
      throw invalid(
        'source.custom_endpoints_disabled',
        `DingTalk's API base URLs must be DingTalk's own (${DEFAULT_DINGTALK_ENDPOINTS[foreign]}): this deployment's operator has not allowed other servers (PORTICO_DINGTALK_CUSTOM_ENDPOINTS).`,
        `/config/endpoints/${foreign}`,
      );
    }
    if (!COMPATIBLE[config.sourceAttribute].includes(config.userAttribute)) {
      throw invalid(
        'source.incompatible_attributes',
        `DingTalk's ${config.sourceAttribute} cannot be matched with a user's ${config.userAttribute}; choose one of ${COMPATIBLE[config.sourceAttribute].join(', ')}.`,
        '/config/userAttribute',
      );
    }
    if (config.notAssociated === 'create_user') {
      if (!config.notAssociatedOrgUnitId) {
        throw invalid('source.org_unit_required', 'Choose the org unit that new accounts are created in.', '/config/notAssociatedOrgUnitId');
      }
      await refs.assertOrgUnit(config.notAssociatedOrgUnitId, '/config/notAssociatedOrgUnitId');
    }
  },
  checkTrust(config) {
    if (config.autoBind && ORG_SCOPED_ATTRIBUTES.includes(config.sourceAttribute) && !config.corpId) {
      throw invalid('source.corp_id_required', `Auto-bind by DingTalk's ${config.sourceAttribute} needs the CorpId of the organisation whose records are believed.`, '/config/corpId');
    }
  },
};
