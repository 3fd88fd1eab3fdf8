import { html, type Html } from '../../pages/html.ts';
import type { Translate } from '../../pages/i18n.ts';

export interface QrPageModel {
  appName: string;
  /** DingTalk's authorize URL with iframe=true. */
  frameUrl: string;
  /** Origin whose messages the page accepts (the DingTalk login host). */
  frameOrigin: string;
  callbackUrl: string;
  backHref: string;
}

export function qrBody(t: Translate, m: QrPageModel): Html {
  return html`<h1>${t('login.title', { app: m.appName })}</h1>
<p class="sub">${t('dingtalk.scan')}</p>
<div class="qr"><div id="dingtalk-qr" data-origin="${m.frameOrigin}" data-callback="${m.callbackUrl}">
<iframe title="${t('method.dingtalk')}" src="${m.frameUrl}" scrolling="no"></iframe></div>
<div id="dingtalk-error" class="notice bad" role="alert" hidden></div>
<p class="hint">${t('dingtalk.scanHint')}</p></div>
<a class="back" href="${m.backHref}">← ${t('action.back')}</a>`;
}
