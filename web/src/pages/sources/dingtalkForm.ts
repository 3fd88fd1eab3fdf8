/** The DingTalk source form: its fields, defaults (SPEC §2), checks before sending, and the API body. */
import type { MessageKey } from '../../i18n/en.ts';
import type { Source } from '../../lib/types.ts';
import { DINGTALK_TRUST_FIELDS } from '../../../../src/identity/dingtalk/trust.ts';

export const SOURCE_ATTRIBUTES = ['mobile', 'email', 'jobNumber', 'userId', 'unionId'] as const;
export const USER_ATTRIBUTES = ['mobile', 'email', 'username', 'employeeNumber', 'externalId'] as const;
export const NOT_ASSOCIATED = ['bind_existing', 'create_user', 'deny'] as const;
export const QR_MODES = ['embedded', 'redirect'] as const;
export const PROTOCOLS = ['oauth2', 'legacy'] as const;
export const DINGTALK_ENDPOINTS = { login: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' };
export const TIMEOUT_RANGE = { min: 500, max: 30000 };

export interface DingTalkForm {
  name: string;
  appKey: string;
  /** Write-only: empty on an existing source means "keep the stored secret". */
  appSecret: string;
  corpId: string;
  autoBind: boolean;
  sourceAttribute: (typeof SOURCE_ATTRIBUTES)[number];
  userAttribute: (typeof USER_ATTRIBUTES)[number];
  notAssociated: (typeof NOT_ASSOCIATED)[number];
  notAssociatedOrgUnitId: string;
  denyMessage: string;
  qrMode: (typeof QR_MODES)[number];
  protocol: (typeof PROTOCOLS)[number];
  endpoints: { login: string; api: string; oapi: string };
  timeoutMs: string;
}

/** A new source: Auto-bind on, as the document recommends; mobile matched with mobile. */
export const NEW_DINGTALK: DingTalkForm = {
  name: 'DingTalk',
  appKey: '',
  appSecret: '',
  corpId: '',
  autoBind: true,
  sourceAttribute: 'mobile',
  userAttribute: 'mobile',
  notAssociated: 'bind_existing',
  notAssociatedOrgUnitId: '',
  denyMessage: '',
  qrMode: 'embedded',
  protocol: 'oauth2',
  endpoints: { ...DINGTALK_ENDPOINTS },
  timeoutMs: '5000',
};

/** DingTalk's job number and userId are unique only inside one organisation: Auto-bind by them needs the CorpId (the server's rule too). */
const ORG_SCOPED_ATTRIBUTES: readonly DingTalkForm['sourceAttribute'][] = ['jobNumber', 'userId'];

/** Trust settings without a default: whoever creates the source chooses them (the server's rule, src/sources/trust-rules.ts). */
const CHOSEN_BY_CREATOR = ['appKey'];

/** Whether a form field (`corpId`, `endpoints.login`) is a trust setting, which only a super admin may set or change. */
export function isTrustField(key: string, isNew: boolean): boolean {
  const field = key.split('.')[0];
  return (DINGTALK_TRUST_FIELDS as readonly string[]).includes(field) && !(isNew && CHOSEN_BY_CREATOR.includes(field));
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T => (values.includes(v as T) ? (v as T) : fallback);

export function formOf(source: Source): DingTalkForm {
  const c = source.config;
  const endpoints = (c.endpoints ?? {}) as Partial<DingTalkForm['endpoints']>;
  return {
    name: source.name,
    appKey: text(c.appKey),
    appSecret: '',
    corpId: text(c.corpId),
    autoBind: c.autoBind !== false,
    sourceAttribute: oneOf(SOURCE_ATTRIBUTES, c.sourceAttribute, 'mobile'),
    userAttribute: oneOf(USER_ATTRIBUTES, c.userAttribute, 'mobile'),
    notAssociated: oneOf(NOT_ASSOCIATED, c.notAssociated, 'bind_existing'),
    notAssociatedOrgUnitId: text(c.notAssociatedOrgUnitId),
    denyMessage: text(c.denyMessage),
    qrMode: oneOf(QR_MODES, c.qrMode, 'embedded'),
    protocol: oneOf(PROTOCOLS, c.protocol, 'oauth2'),
    endpoints: { ...DINGTALK_ENDPOINTS, ...endpoints },
    timeoutMs: String(c.timeoutMs ?? 5000),
  };
}

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** What can be told before asking the server; the server's own answers map to the same field keys. */
export function checkForm(f: DingTalkForm, isNew: boolean): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (!f.name.trim()) problems.name = 'validation.required';
  if (!f.appKey.trim()) problems.appKey = 'validation.required';
  else if (/\s/.test(f.appKey.trim())) problems.appKey = 'validation.noSpaces';
  if (isNew && !f.appSecret) problems.appSecret = 'validation.required';
  if (/\s/.test(f.corpId.trim())) problems.corpId = 'validation.noSpaces';
  else if (f.autoBind && ORG_SCOPED_ATTRIBUTES.includes(f.sourceAttribute) && !f.corpId.trim()) problems.corpId = 'problem.source.corp_id_required';
  if (f.notAssociated === 'create_user' && !f.notAssociatedOrgUnitId) problems.notAssociatedOrgUnitId = 'validation.orgUnit';
  for (const key of ['login', 'api', 'oapi'] as const) if (!isHttpUrl(f.endpoints[key].trim())) problems[`endpoints.${key}`] = 'validation.url';
  const timeout = Number(f.timeoutMs);
  if (!Number.isInteger(timeout) || timeout < TIMEOUT_RANGE.min || timeout > TIMEOUT_RANGE.max) problems.timeoutMs = 'validation.timeout';
  return problems;
}

/**
 * `withTrust` false, for an admin who may not change the trust settings: none are sent (but the AppKey
 * of a new source), so an existing source keeps its own and a new one gets the defaults.
 */
export function bodyOf(f: DingTalkForm, o: { withTrust: boolean; isNew: boolean } = { withTrust: true, isNew: false }) {
  const config: Record<string, unknown> = {
    appKey: f.appKey.trim(),
    corpId: f.corpId.trim() || null,
    autoBind: f.autoBind,
    sourceAttribute: f.sourceAttribute,
    userAttribute: f.userAttribute,
    notAssociated: f.notAssociated,
    notAssociatedOrgUnitId: f.notAssociatedOrgUnitId || null,
    denyMessage: f.denyMessage.trim() || null,
    qrMode: f.qrMode,
    protocol: f.protocol,
    endpoints: { login: f.endpoints.login.trim(), api: f.endpoints.api.trim(), oapi: f.endpoints.oapi.trim() },
    timeoutMs: Number(f.timeoutMs),
  };
  if (f.appSecret) config.appSecret = f.appSecret;
  return { name: f.name.trim(), config: o.withTrust ? config : Object.fromEntries(Object.entries(config).filter(([key]) => !isTrustField(key, o.isNew))) };
}

/** The fields inside the collapsed "Advanced" section (opened when one of them has a problem). */
export const ADVANCED_FIELDS = ['qrMode', 'protocol', 'endpoints.login', 'endpoints.api', 'endpoints.oapi', 'timeoutMs'];
