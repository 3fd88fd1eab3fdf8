/**
 * Portico as an OpenID Connect provider at `${publicUrl}/oidc`: signing keys, storage, the provider
 * itself (rebuilt when the key set changes), and the interaction routes that lead to the login page.
 */
import type { FastifyInstance } from 'fastify';
import { stepUpDue, type LoginServices } from '../login/context.ts';
import { sqlAdapterFactory } from './adapter-sql.ts';
import { redisAdapterFactory } from './adapter-redis.ts';
import { buildProvider } from './provider.ts';
import { createProviderHolder } from './provider-holder.ts';
import { ensureSigningKeys, loadPublishedKeys, publishedKeyIds } from './signing-keys.ts';
import { mountProvider } from './mount.ts';
import { interactionRoutes } from './interaction.ts';
import { httpPostPlan, postAsGetRoutes } from './http-post.ts';
import { providerSignOut } from './logout/sign-out.ts';

/** The provider's cookie-signing key comes from the master key, so every node agrees without configuration. */
export const COOKIE_KEY_PURPOSE = 'portico/oidc/cookies/v1';

/** Built on the sign-in's services: Portico's SSO session is the one truth about who is signed in (src/oidc/sso-bridge.ts). */
export async function oidcPlugin(app: FastifyInstance, { login }: { login: LoginServices }) {
  const { ctx, sessions, secureCookies } = login;
  await ensureSigningKeys(ctx.store, ctx.secretBox);
  const artifacts = ctx.redis ? redisAdapterFactory(ctx.redis) : sqlAdapterFactory(ctx.store.db);
  const cookieKeys = [ctx.deriveKey(COOKIE_KEY_PURPOSE).toString('base64url')];

  const holder = await createProviderHolder({
    build: (jwks) =>
      buildProvider(
        {
          ctx,
          sessions,
          stepUpDue: (cookies, applicationId, who, multiFactorAsked) => stepUpDue(login, { cookies }, applicationId, who, multiFactorAsked),
          artifacts,
          cookieKeys,
          secureCookies,
          logError: (err) => app.log.error({ err }, 'oidc audit event lost'),
        },
        jwks,
      ),
    loadKeys: () => loadPublishedKeys(ctx.store.db, ctx.secretBox),
    keyIds: () => publishedKeyIds(ctx.store.db),
  });

  // Every sign-out of Portico, wherever it happens, signs the person out of the applications too.
  sessions.onSignOut(providerSignOut({ holder, db: ctx.store.db, log: (err) => app.log.error({ err }, 'sign-out of the applications failed') }));

  await app.register(mountProvider, { holder, publicUrl: ctx.config.publicUrl, trustProxy: ctx.config.trustProxy });
  await app.register(interactionRoutes, { ctx, sessions, login, holder, secureCookies });
  // Under http the provider cannot take POST itself: Portico turns it into a GET (./http-post.ts).
  if (!httpPostPlan(ctx.config.publicUrl).native) await app.register(postAsGetRoutes);
}
