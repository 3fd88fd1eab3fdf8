/**
 * The authorization endpoint takes GET and POST (OpenID Connect Core §3.1.2.1: "MUST support the use
 * of the HTTP GET and POST methods"), and so does the end-session endpoint (RP-Initiated Logout §2).
 *
 * oidc-provider v9 takes POST at both only with `enableHttpPostMethods`, which it allows only with its
 * session cookie `SameSite=None`: a form an application posts from its own site is a cross-site POST,
 * and a Lax cookie is not sent with it (draft-ietf-httpbis-rfc6265bis, "The SameSite Attribute"), so
 * the provider would not see who is signed in. A `SameSite=None` cookie without `Secure` is ignored by
 * browsers (rfc6265bis "Storage Model": None requires the secure-only flag), and a cookie is Secure
 * only under https. Hence the plan:
 *
 * - public URL on https: the provider takes the POSTs itself, its session cookie `SameSite=None;
 *   Secure; HttpOnly`. Its interaction cookies stay Lax, and so do all of Portico's (SSO session, CSRF,
 *   User Center): the provider session alone never signs anyone in (src/oidc/sso-bridge.ts asks for
 *   the Lax SSO cookie at every authorization) and a sign-out still needs the xsrf secret shown on
 *   Portico's own page. One consequence: a cross-site POST with `prompt=none` answers `login_required`,
 *   the SSO cookie not being sent with it.
 * - public URL on http (a developer's http://localhost): no cookie can be `SameSite=None` there, so the
 *   provider keeps POST off and its cookie Lax, and Portico answers a POST to either endpoint with a 303
 *   to the same endpoint by GET, the form's parameters in the query. The browser's GET then carries the
 *   Lax cookies and the request goes on exactly as a GET would (`prompt=none` included). The parameters
 *   pass through the URL, which is what an application choosing POST may have wanted to avoid: fine on
 *   a developer's machine, and a reason to run for real on https.
 */
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors.ts';
import { setUpPages } from '../pages/plugin.ts';
import { USER_CENTER_SIGN_IN } from '../login/context.ts';
import { OIDC_MOUNT_PATH } from './policy.ts';

/** The provider's endpoints that take POST as well as GET (its routes under the mount). */
const POST_ENDPOINTS = ['/auth', '/session/end'];

/**
 * The longest query a POST becomes under http: the GET that follows must fit Node's 16 KiB header
 * limit (`--max-http-header-size`) with the browser's cookies beside it.
 */
const POST_AS_GET_MAX_QUERY = 8 * 1024;

export interface HttpPostPlan {
  /** The provider takes POST itself (`enableHttpPostMethods`). */
  native: boolean;
  /** The provider's session cookie (`cookies.long`). */
  sessionCookie: { sameSite: 'none' | 'lax'; secure: boolean };
}

export function httpPostPlan(publicUrl: string): HttpPostPlan {
  const https = new URL(publicUrl).protocol === 'https:';
  return { native: https, sessionCookie: https ? { sameSite: 'none', secure: true } : { sameSite: 'lax', secure: false } };
}

/** Under http: a POST to either endpoint becomes a 303 to the same endpoint by GET (see above). */
export async function postAsGetRoutes(app: FastifyInstance) {
  await setUpPages(app, { signInHref: USER_CENTER_SIGN_IN });
  for (const endpoint of POST_ENDPOINTS) {
    app.post<{ Body?: Record<string, string | string[]> }>(OIDC_MOUNT_PATH + endpoint, async (request, reply) => {
      const query = new URLSearchParams();
      for (const [name, values] of Object.entries(request.body ?? {})) for (const value of [values].flat()) query.append(name, value);
      const search = query.toString();
      if (search.length > POST_AS_GET_MAX_QUERY) throw fail('request.too_large', 'The request is too large to be sent on.');
      return reply.redirect(`${OIDC_MOUNT_PATH}${endpoint}${search ? `?${search}` : ''}`, 303);
    });
  }
}
