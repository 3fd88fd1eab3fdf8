/** The page that posts a SAML message to an SP (SAML Bindings §3.5: HTTP-POST), itself or by a button without scripts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../pages/html.ts';
import { hidden } from '../pages/forms.ts';
import { sendPage } from '../pages/send.ts';

export function postToSp(request: FastifyRequest, reply: FastifyReply, url: string, samlResponse: string, relayState?: string) {
  return sendPage(
    request,
    reply,
    (t) => t('saml.posting'),
    (t) => html`<h1>${t('saml.posting')}</h1>
<form method="post" action="${url}" data-autopost>${hidden({ SAMLResponse: Buffer.from(samlResponse).toString('base64'), RelayState: relayState })}
<noscript><p class="sub">${t('saml.noscript')}</p></noscript><button class="block" type="submit">${t('action.continue')}</button></form>`,
    200,
    ['/assets/autopost.js'],
  );
}
