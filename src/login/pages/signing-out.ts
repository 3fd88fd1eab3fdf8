/**
 * "Signing you out…": the page a browser shows while it signs out of the applications that asked to be
 * told in the browser (OpenID Connect Front-Channel Logout 1.0 §2). Each application's logout page
 * loads in a hidden frame; the browser then moves on, once every frame has loaded or after
 * FRONTCHANNEL_LOGOUT_WAIT_MS, whichever comes first (/assets/signing-out.js). Without scripts the frames
 * still load and a button continues.
 */
import { html, type Html } from '../../pages/html.ts';
import type { Translate } from '../../pages/i18n.ts';
import { PAGE_CSP } from '../../pages/send.ts';

/**
 * How long the page waits for the applications' logout pages before moving on: a slow or unreachable
 * application must not keep the person waiting (Front-Channel Logout §4 leaves the OP free to continue).
 */
export const FRONTCHANNEL_LOGOUT_WAIT_MS = 3000;
export const SIGNING_OUT_SCRIPT = '/assets/signing-out.js';

export interface SigningOut {
  /** The applications' logout pages, each loaded in a frame. */
  frames: string[];
  /** Where the browser goes next (the application's post-logout redirect, or the signed-out page). */
  next: string;
}

export function signingOutBody(t: Translate, m: SigningOut): Html {
  return html`<h1 data-page="signing-out">${t('logout.signingOut')}</h1>
<p class="sub">${t('logout.applications')}</p>
<div class="signout-frames" data-signing-out data-next="${m.next}" data-wait-ms="${FRONTCHANNEL_LOGOUT_WAIT_MS}" data-frames="${JSON.stringify(m.frames)}"></div>
<noscript><div class="signout-frames">${m.frames.map((src) => html`<iframe src="${src}" title="logout"></iframe>`)}</div>
<a class="button block" href="${m.next}">${t('action.continue')}</a></noscript>`;
}

/**
 * The page's Content-Security-Policy: `base` (the page kind's own) plus exactly the origins of the
 * frames it loads (CSP 3 `frame-src`); nothing else may be framed.
 */
export function signingOutCsp(frames: string[], base = PAGE_CSP): string {
  const origins = [...new Set(frames.map((src) => new URL(src).origin))].join(' ');
  return base.replace("frame-ancestors 'none'", `frame-src ${origins}; frame-ancestors 'none'`);
}
