/**
 * The DingTalk source type: the seed's QR code login (embedded on Portico's page, or DingTalk's own page;
 * the new OAuth2 flow or the legacy sns one) and, inside the DingTalk client, sign-in with no prompt
 * (./inapp.ts), with DingTalk's rules on top of the shared ones.
 */
import { DEFAULT_DINGTALK_ENDPOINTS } from '../../connectors/dingtalk/index.ts';
import { checkBindingPolicy } from '../binding-policy.ts';
import type { SourceType } from '../types.ts';
import { DINGTALK_ATTRIBUTES, DingTalkConfigSchema, foreignDingTalkEndpoint, ORG_SCOPED_ATTRIBUTES, type DingTalkConfig } from './config.ts';
import { DINGTALK_TRUST_FIELDS } from './trust.ts';
import { dingtalkClient } from './client.ts';
import { completeDingTalk } from './flow.ts';
import { completeInApp, IN_APP_METHOD, inAppRefusal, isInAppCarry, isInsideDingTalk, isPhoneBrowser, startInApp } from './inapp.ts';
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
    assets: [new URL('./assets/dingtalk-frame.js', import.meta.url), new URL('./assets/dingtalk-inapp.js', import.meta.url)],
    methods: { [IN_APP_METHOD]: { en: 'DingTalk (in app)', 'zh-CN': '钉钉（应用内免登）' } },

    async start({ sourceId, config, deps, redirectUri, state, appName, backHref, userAgent, query }) {
      const client = dingtalkClient(sourceId, config, deps);
      const corpId = config.corpId ?? undefined;
      const refusal = inAppRefusal(config, { userAgent, query });
      if (!refusal) return startInApp({ ...config, corpId: corpId! }, { redirectUri, state, appName });
      // Inside the client but unable to sign in there: the operator learns why; the person gets the QR code.
      if (isInsideDingTalk(userAgent)) deps.logger.warn({ sourceId, why: refusal }, 'In-DingTalk sign-in not possible: showing the QR code');
      if (config.protocol !== 'legacy' && isPhoneBrowser(userAgent)) {
        // DingTalk's own authorization page, which on a phone offers to open the DingTalk app rather than
        // a code to scan (ref §2: the hosted login page; that it hands over to the app there is UNCONFIRMED, likely).
        return { kind: 'redirect', url: client.buildAuthorizeUrl({ redirectUri, state, corpId }), reason: 'dingtalk.app_authorization_opened' };
      }
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

    async complete({ sourceId, config, deps, query, carry }) {
      const client = dingtalkClient(sourceId, config, deps);
      // Decided at the start: an attempt begun inside the client is completed by a client's code, and only it.
      if (isInAppCarry(carry)) return completeInApp(client, query, deps.logger);
      return completeDingTalk(client, config, query, deps.logger);
    },

    failure: fromDingTalk,

    async testConnection({ sourceId, config, deps }) {
      return testDingTalkConnection(dingtalkClient(sourceId, config, deps));
    },
  },
};
