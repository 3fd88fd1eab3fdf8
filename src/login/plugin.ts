/** The sign-in pages: the login page and its methods (password, SMS, passkey, every external source), binding, the second step. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { createSmsSender } from '../sms/index.ts';
import { meteredSmsSender } from '../metrics/sms.ts';
import { createOtpService } from '../otp/codes.ts';
import { setUpPages } from '../pages/plugin.ts';
import { externalDeps, SOURCE_TYPES } from '../identity/registry.ts';
import { serveAssets } from '../pages/assets.ts';
import { createSessions } from './session.ts';
import { createTransactions } from './transactions.ts';
import { createPendingBindings } from './pending.ts';
import { sharedOutbox } from './outbox.ts';
import { USER_CENTER_SIGN_IN, type LoginServices } from './context.ts';
import { pageRoutes } from './routes/page.ts';
import { passwordRoutes } from './routes/password.ts';
import { smsRoutes } from './routes/sms.ts';
import { externalRoutes } from './routes/external.ts';
import { continueRoutes } from './routes/continue.ts';
import { bindRoutes } from './routes/bind.ts';
import { factorRoutes } from './routes/factor.ts';
import { factorPasskeyRoutes } from './routes/factor-passkey.ts';
import { factorSmsRoutes } from './routes/factor-sms.ts';
import { createFactorSteps } from './factor-steps.ts';
import { createSecondFactorChallenges } from './second-factor.ts';
import { createDeviceMemory } from './device.ts';
import { devRoutes } from './routes/dev.ts';
import { passkeyRoutes } from './routes/passkey.ts';
import { relyingPartyOf } from '../factors/passkey.ts';

/** The services every sign-in step shares, built once per node (src/app/build.ts hands them to each folder). */
export function createLoginServices(ctx: AppContext, logger: FastifyInstance['log']): LoginServices {
  const secureCookies = ctx.config.publicUrl.startsWith('https://');
  const outbox = ctx.config.sms.kind === 'console' ? sharedOutbox(ctx.shortLived) : undefined;
  const sender = meteredSmsSender(createSmsSender(ctx.config.sms, { logger, outbox }), ctx.metrics);
  const factors = { db: ctx.store.db, box: ctx.secretBox, recoveryKey: ctx.deriveKey('recovery-codes') };
  return {
    ctx,
    external: externalDeps(ctx, logger),
    sessions: createSessions(ctx.shortLived, secureCookies),
    transactions: createTransactions(ctx.shortLived, secureCookies),
    pending: createPendingBindings(ctx.shortLived, secureCookies),
    secondFactors: createSecondFactorChallenges(ctx.shortLived, secureCookies),
    factors,
    passkeys: { factors, shortLived: ctx.shortLived, rp: relyingPartyOf(ctx.config.publicUrl) },
    devices: createDeviceMemory(ctx.deriveKey('device-cookie'), secureCookies),
    otp: createOtpService({ shortLived: ctx.shortLived, sender }),
    outbox,
    secureCookies,
  };
}

export async function loginPlugin(app: FastifyInstance, { login: s }: { login: LoginServices }) {
  await setUpPages(app, { signInHref: USER_CENTER_SIGN_IN });
  serveAssets(app, SOURCE_TYPES.flatMap((def) => def.external?.assets ?? []));
  pageRoutes(app, s);
  passwordRoutes(app, s);
  smsRoutes(app, s);
  passkeyRoutes(app, s);
  externalRoutes(app, s);
  continueRoutes(app, s);
  bindRoutes(app, s);
  const steps = createFactorSteps(s);
  factorRoutes(app, s, steps);
  factorPasskeyRoutes(app, s, steps);
  factorSmsRoutes(app, s, steps);
  if (s.outbox && s.ctx.config.demo) devRoutes(app, s);
  app.get('/', async (_request, reply) => reply.redirect('/account', 302));
}
