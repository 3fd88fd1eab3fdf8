/**
 * The DingTalk identity source form's rules, without React: the values a new or stored source starts
 * with, what can be told before asking the server, and the API body (POST or PATCH /identity-sources).
 * Field keys are the configuration's (`corpId`, `fieldMapping.mobile`) plus `name` and the secrets'
 * (`appSecret`, `pushToken`, `pushAesKey`), so the server's problems land on the same keys.
 */
import type { MessageKey } from '../../i18n/en.ts';
import type { DingTalkField, DingTalkIdentitySourceConfig, IdentitySource, InactivePolicy, MatchKey, SyncTransport, SyncedAttribute } from '../../lib/types.ts';
import { DINGTALK_FIELDS, DINGTALK_SYNC_DEFAULTS, INACTIVE_POLICIES, MATCH_KEYS, SYNCED_ATTRIBUTES, SYNC_TRANSPORTS } from '../../../../src/sync/views.ts';
import { ROOT_ORG_UNIT_ID } from '../../../../src/store/well-known.ts';

export { DINGTALK_FIELDS, INACTIVE_POLICIES, MATCH_KEYS, SYNCED_ATTRIBUTES, SYNC_TRANSPORTS };

/** DingTalk's HTTP push AES key (EncodingAESKey) is always 43 characters of base64 without padding. */
export const AES_KEY_LENGTH = 43;
export const HOURS = Array.from({ length: 24 }, (_, h) => h);

export interface IdentitySourceFormValues {
  name: string;
  enabled: boolean;
  corpId: string;
  appKey: string;
  /** Secrets: empty keeps the stored one. */
  appSecret: string;
  rootDeptId: string;
  orgUnitId: string;
  /** '' for an attribute that is not synced. */
  fieldMapping: Record<SyncedAttribute, DingTalkField | ''>;
  matchKey: MatchKey;
  inactive: InactivePolicy;
  disableThresholdPercent: string;
  /** '' for no nightly reconcile. */
  reconcileHour: string;
  transport: SyncTransport;
  pushToken: string;
  pushAesKey: string;
  /** '' for none. */
  bindSourceId: string;
  /** DingTalk's API base URLs; both empty: the server's default (the bound login source's, else DingTalk's own). */
  apiBase: string;
  oapiBase: string;
}

/** DingTalk's own API hosts: what empty API base URLs come to when no login source is bound. */
export const DINGTALK_ENDPOINTS = { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' } as const;

/** The server's defaults, landing at the root. */
const DEFAULT_CONFIG: Omit<DingTalkIdentitySourceConfig, 'corpId' | 'appKey' | 'endpoints'> = { ...DINGTALK_SYNC_DEFAULTS, orgUnitId: ROOT_ORG_UNIT_ID, bindSourceId: null };

/** The match keys that are user attributes: matching by one needs it mapped from DingTalk. */
const matchAttribute = (key: MatchKey): SyncedAttribute | undefined => (key === 'none' ? undefined : key);

/** The bind choice "the login source of the same DingTalk app": left out of the body, the server finds it. */
export const SAME_APP = 'same-app';

export function formOf(source?: IdentitySource): IdentitySourceFormValues {
  const c = { ...DEFAULT_CONFIG, corpId: '', appKey: '', endpoints: { api: '', oapi: '' }, ...source?.config };
  return {
    name: source?.name ?? 'DingTalk',
    enabled: source?.enabled ?? true,
    corpId: c.corpId,
    appKey: c.appKey,
    appSecret: '',
    rootDeptId: String(c.rootDeptId),
    orgUnitId: c.orgUnitId,
    fieldMapping: Object.fromEntries(SYNCED_ATTRIBUTES.map((a) => [a, c.fieldMapping[a] ?? ''])) as IdentitySourceFormValues['fieldMapping'],
    matchKey: c.matchKey,
    inactive: c.inactive,
    disableThresholdPercent: String(c.disableThresholdPercent),
    reconcileHour: c.reconcileHour === null ? '' : String(c.reconcileHour),
    transport: c.transport,
    pushToken: '',
    pushAesKey: '',
    // A new source binds to the login source of the same DingTalk app unless the admin chooses otherwise.
    bindSourceId: source ? (c.bindSourceId ?? '') : SAME_APP,
    apiBase: c.endpoints.api,
    oapiBase: c.endpoints.oapi,
  };
}

const isHttpUrl = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

const isWholeNumber = (v: string, min: number, max = Number.MAX_SAFE_INTEGER) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;

/** What can be told before sending, by field key. `secretsSet`: what the stored source has (none while creating). */
export function checkForm(v: IdentitySourceFormValues, secretsSet?: IdentitySource['secretsSet']): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
  if (!v.name.trim()) out.name = 'validation.required';
  for (const key of ['corpId', 'appKey'] as const) {
    if (!v[key].trim()) out[key] = 'validation.required';
    else if (/\s/.test(v[key].trim())) out[key] = 'validation.noSpaces';
  }
  if (!v.appSecret && !secretsSet?.appSecret) out.appSecret = 'validation.required';
  if (!isWholeNumber(v.rootDeptId, 1)) out.rootDeptId = 'idSource.validation.deptId';
  if (!v.orgUnitId) out.orgUnitId = 'validation.required';
  if (!v.fieldMapping.displayName) out['fieldMapping.displayName'] = 'idSource.validation.displayNameMapped';
  const matched = matchAttribute(v.matchKey);
  if (matched && !v.fieldMapping[matched]) out.matchKey = 'idSource.validation.matchKeyMapped';
  if (!isWholeNumber(v.disableThresholdPercent, 0, 100)) out.disableThresholdPercent = 'idSource.validation.percent';
  if (v.apiBase.trim() || v.oapiBase.trim()) {
    for (const key of ['apiBase', 'oapiBase'] as const) if (!isHttpUrl(v[key].trim())) out[problemKeyOf(key)] = 'validation.url';
  }
  if (v.transport === 'http_push') {
    if (!v.pushToken && !secretsSet?.pushToken) out.pushToken = 'validation.required';
    if (v.pushAesKey && v.pushAesKey.length !== AES_KEY_LENGTH) out.pushAesKey = 'idSource.validation.aesKey';
    else if (!v.pushAesKey && !secretsSet?.pushAesKey) out.pushAesKey = 'validation.required';
  }
  return out;
}

/**
 * The API body: the whole configuration (a PATCH too, so the mapping is replaced whole) but endpoints left
 * empty (the server's default), and only the secrets typed in.
 */
export function bodyOf(v: IdentitySourceFormValues) {
  const endpoints = v.apiBase.trim() || v.oapiBase.trim() ? { endpoints: { api: v.apiBase.trim(), oapi: v.oapiBase.trim() } } : {};
  const config: Omit<DingTalkIdentitySourceConfig, 'endpoints' | 'bindSourceId'> & Partial<Pick<DingTalkIdentitySourceConfig, 'endpoints' | 'bindSourceId'>> = {
    corpId: v.corpId.trim(),
    appKey: v.appKey.trim(),
    rootDeptId: Number(v.rootDeptId),
    orgUnitId: v.orgUnitId,
    fieldMapping: Object.fromEntries(Object.entries(v.fieldMapping).filter(([, field]) => field)),
    matchKey: v.matchKey,
    inactive: v.inactive,
    disableThresholdPercent: Number(v.disableThresholdPercent),
    reconcileHour: v.reconcileHour === '' ? null : Number(v.reconcileHour),
    transport: v.transport,
    ...(v.bindSourceId === SAME_APP ? {} : { bindSourceId: v.bindSourceId || null }),
    ...endpoints,
  };
  const typed = { appSecret: v.appSecret, pushToken: v.pushToken, pushAesKey: v.pushAesKey };
  const secrets = Object.fromEntries(Object.entries(typed).filter(([, value]) => value));
  return { name: v.name.trim(), enabled: v.enabled, config, ...(Object.keys(secrets).length ? { secrets } : {}) };
}

/** The key a value's problems are told under, where it differs from the value's own (the endpoints keep the API's names). */
export const problemKeyOf = (valueKey: string) => ({ apiBase: 'endpoints.api', oapiBase: 'endpoints.oapi' })[valueKey] ?? valueKey;

/** The server's field keys (`secrets.appSecret`, from `/secrets/appSecret`) onto the form's. */
export const formKeyOf = (key: string) => key.replace(/^secrets\./, '');
