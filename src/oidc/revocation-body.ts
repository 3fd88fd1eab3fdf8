/**
 * The revocation endpoint answers 200 with `{}` rather than an empty body. RFC 7009 §2.2 has clients
 * ignore the body, so nothing changes for them; but some (simple-oauth2, which sends
 * `Accept: application/json` and reads every answer as JSON) fail on an empty one.
 */
import type { Provider } from 'oidc-provider';

export function revocationAnswersJson(provider: Provider) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'revocation' && ctx.status === 200 && !ctx.body) ctx.body = {};
  });
}
