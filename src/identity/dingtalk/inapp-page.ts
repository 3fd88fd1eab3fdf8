import { html, type Html } from '../../pages/html.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface InAppPageModel {
  appName: string;
  corpId: string;
  /** This source's callback URL, where the code goes with `state`. */
  callbackUrl: string;
  state: string;
  codeParam: string;
  /** What the script adds to this page's own URL when the JSAPI refuses (the QR code instead). */
  fallback: { param: string; value: string };
}

/** Only a short "Signing you in…": a bound person sees nothing else before the application (../../../assets: dingtalk-inapp.js). */
export function inAppBody(t: Translate, m: InAppPageModel): Html {
  return html`<h1>${t('login.title', { app: m.appName })}</h1>
<div id="dingtalk-inapp" role="status" aria-live="polite" data-corp-id="${m.corpId}" data-callback="${m.callbackUrl}" data-state="${m.state}" data-code-param="${m.codeParam}" data-fallback-param="${m.fallback.param}" data-fallback-value="${m.fallback.value}">
<p class="sub">${t('dingtalk.inapp.signingIn')}</p></div>`;
}
