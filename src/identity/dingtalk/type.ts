/**
 * The DingTalk source type: the seed's QR code login (embedded on Portico's page, or DingTalk's own page;
 * the new OAuth2 flow or the legacy sns one), with DingTalk's rules on top of the shared ones.
 */
import { DEFAULT_DINGTALK_ENDPOINTS } from '../../connectors/dingtalk/index.ts';
import { checkBindingPolicy } from '../binding-policy.ts';
import type { SourceType } from '../types.ts';
import { DINGTALK_ATTRIBUTES, DingTalkConfigSchema, foreignDingTalkEndpoint, ORG_SCOPED_ATTRIBUTES, type DingTalkConfig } from './config.ts';
import { DINGTALK_TRUST_FIELDS } from './trust.ts';
import { dingtalkClient } from './client.ts';
import { completeDingTalk } from './flow.ts';
import { fromDingTalk } from './errors.ts';
import { testDingTalkConnection } from './connection-test.ts';
import { qrBody } from './qr-page.ts';
import { dingtalkMessages } from './messages.ts';
import { dingtalkForm } from './form.ts';
import { DINGTALK_CODES, fail } from './codes.ts';

export const dingtalkSourceType: SourceType<DingTalkConfig> = {
  type: 'dingtalk',
  label: 'DingTalk',
  singleton: false,
  configSchema: DingTalkConfigSchema,
  secretFields: ['appSecret'],
  trustFields: DINGTALK_TRUST_FIELDS,
  messages: dingtalkMessages,
  codes: DINGTALK_CODES,
  form: dingtalkForm,
  async check(config, refs) {
    const foreign = refs.policy.allowCustomEndpoints ? undefined : foreignDingTalkEndpoint(config.endpoints);
    if (foreign) {
      throw fail(
        'source.custom_endpoints_disabled',
        `DingTalk's API base URLs must be DingTalk's own (${DEFAULT_DINGTALK_ENDPOINTS[foreign]}): this deployment's operator has not allowed other servers (PORTICO_DINGTALK_CUSTOM_ENDPOINTS).`,
        { field: `/config/endpoints/${foreign}` },
      );
    }
    await checkBindingPolicy(config, DINGTALK_ATTRIBUTES, 'DingTalk', refs);
  },
  checkTrust(config) {
    if (config.autoBind && ORG_SCOPED_ATTRIBUTES.includes(config.sourceAttribute) && !config.corpId) {
      throw fail('source.corp_id_required', `Auto-bind by DingTalk's ${config.sourceAttribute} needs the CorpId of the organisation whose records are believed.`, { field: '/config/corpId' });
    }
  },
  external: {
    attributes: DINGTALK_ATTRIBUTES,
    assets: [new URL('./assets/dingtalk-frame.js', import.meta.url)],

    async start({ sourceId, config, deps, redirectUri, state, appName, backHref }) {
      const client = dingtalkClient(sourceId, config, deps);
      const corpId = config.corpId ?? undefined;
      const reason = 'dingtalk.qr_shown';
      if (config.protocol === 'legacy') return { kind: 'redirect', url: client.buildLegacyQrConnectUrl({ redirectUri, state }), reason };
      if (config.qrMode === 'redirect') return { kind: 'redirect', url: client.buildAuthorizeUrl({ redirectUri, state, corpId }), reason };
      const frameOrigin = new URL(config.endpoints.login).origin;
      const frameUrl = client.buildAuthorizeUrl({ redirectUri, state, corpId, iframe: true });
      return {
        kind: 'page',
        body: (t) => qrBody(t, { appName, frameUrl, frameOrigin, callbackUrl: redirectUri, backHref }),
        scripts: ['/assets/dingtalk-frame.js'],
        frameOrigins: [frameOrigin],
        reason,
      };
    },

    async complete({ sourceId, config, deps, query }) {
      return completeDingTalk(dingtalkClient(sourceId, config, deps), config, query, deps.logger);
    },

    failure: fromDingTalk,

    async testConnection({ sourceId, config, deps }) {
      return testDingTalkConnection(dingtalkClient(sourceId, config, deps));
    },
  },
};
