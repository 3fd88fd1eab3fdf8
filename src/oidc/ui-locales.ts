/**
 * `ui_locales` (OpenID Connect Core §3.1.2.1): the End-User's preferred languages for the pages, as
 * BCP 47 tags by preference. The first that Portico speaks (zh-CN, en) decides the language of the
 * pages of the sign-in: the provider sends the browser to the interaction with `?lang=`, which every
 * Portico page honours (and remembers, as it would the person's own choice in the language switch),
 * and the interaction passes it on to the login page. Tags Portico does not speak are no error: the
 * browser's Accept-Language decides, as without the parameter.
 */
import { matchLocale } from '../pages/i18n.ts';
import { interactionPath } from '../protocols/oidc/endpoints.ts';

/** Where the provider sends the browser for an interaction (its `interactions.url`). */
export function interactionUrl(uid: string, uiLocales: unknown): string {
  const locale = typeof uiLocales === 'string' ? matchLocale(uiLocales.split(' ')) : undefined;
  return locale ? `${interactionPath(uid)}?${new URLSearchParams({ lang: locale })}` : interactionPath(uid);
}
