// New OAuth2 authorize URL (ref §2.1; parameter order as the official DTFrameLogin builds it, ref §3.1).
import { DEFAULT_DINGTALK_ENDPOINTS } from './endpoints.ts';
import { requireNonEmpty } from './guards.ts';
import type { DingTalkEndpoints } from './types.ts';

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  /** One-time CSRF value bound to the browser's login transaction (SPEC §3). */
  state: string;
  /** Forces the organization; adds `corpid` to the scope (ref §2.1). */
  corpId?: string;
  /** `management`: list only orgs where the user is an admin; meaningful with a corpId (ref §2.1). */
  orgType?: 'management';
  exclusiveLogin?: boolean;
  /** Required when exclusiveLogin is true (ref §2.1, D1). */
  exclusiveCorpId?: string;
  /** For the embedded QR iframe (ref §3.1). */
  iframe?: boolean;
}

export function buildAuthorizeUrl(p: AuthorizeParams, endpoints: Pick<DingTalkEndpoints, 'login'> = DEFAULT_DINGTALK_ENDPOINTS): string {
  requireNonEmpty({ clientId: p.clientId, redirectUri: p.redirectUri, state: p.state });
  if (p.exclusiveLogin && !p.exclusiveCorpId) throw new TypeError('exclusiveCorpId is required when exclusiveLogin is true');
  const params: Array<[string, string]> = [];
  if (p.iframe) params.push(['iframe', 'true']);
  params.push(
    ['redirect_uri', p.redirectUri],
    ['response_type', 'code'],
    ['client_id', p.clientId],
    // Space-separated, sent as %20 (ref §2.1); corpid only when an org is forced.
    ['scope', p.corpId ? 'openid corpid' : 'openid'],
    // The only supported value, and now required (ref §2.1).
    ['prompt', 'consent'],
    ['state', p.state],
  );
  if (p.orgType) params.push(['org_type', p.orgType]);
  if (p.corpId) params.push(['corpId', p.corpId]);
  if (p.exclusiveLogin) params.push(['exclusiveLogin', 'true'], ['exclusiveCorpId', p.exclusiveCorpId as string]);
  const qs = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${endpoints.login}/oauth2/auth?${qs}`;
}
