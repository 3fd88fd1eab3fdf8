/** One process serving the port (PORTICO_WORKERS=1): the store, the app, demo mode's helpers beside it. */
import type { Config } from '../config.ts';
import { createPortico } from './portico.ts';
import { installGracefulShutdown } from './shutdown.ts';
import { startupBanner } from './banner.ts';
import { startDemoSimulator } from '../demo/simulator.ts';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed.ts';
import { startDemoApp } from '../demo/demo-app.ts';
import { startCasClient } from '../demo/cas-client.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';
import { registerDemoWorkbench } from '../demo/workbench.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';

export async function runSingleNode(config: Config): Promise<void> {
  const demo = config.demo
    ? await startDemoSimulator({ port: config.simPort, host: config.simHost, publicUrl: config.simPublicUrl, porticoUrl: config.publicUrl })
    : undefined;
  const portico = await createPortico(config);
  const { app } = portico;
  const seeded = demo ? await seedDemo(portico.ctx, demo.url, config.demoAppPublicUrl, `${config.demoCasPublicUrl}/`) : undefined;
  await app.listen({ port: config.port, host: config.host });
  const demoApp = seeded?.demoApp
    ? await startDemoApp({ port: config.demoAppPort, host: config.host, publicUrl: config.demoAppPublicUrl, issuer: issuerOf(config.publicUrl), ...seeded.demoApp })
    : undefined;
  const casClient = seeded?.demoCasId
    ? await startCasClient({ casBase: `${config.publicUrl}/cas`, port: config.demoCasPort, host: config.host, publicUrl: config.demoCasPublicUrl })
    : undefined;
  const notOnWorkbench = demo ? await registerDemoWorkbench(portico.ctx, demo.url, [USER_CENTER_APP_ID, ...(seeded?.demoApp ? [seeded.demoApp.applicationId] : [])]) : [];

  console.log(
    startupBanner(config, {
      demo: demo && { simulatorUrl: demo.url, demoAppUrl: demoApp?.url, casClientUrl: casClient?.url, password: DEMO_PASSWORD, seeded: Boolean(seeded?.seeded), notOnWorkbench },
      masterKeyGenerated: portico.masterKeyGenerated,
      firstAdmin: portico.firstAdmin,
    }),
  );

  installGracefulShutdown(portico, {
    drainDelayMs: config.drainDelayMs,
    timeoutMs: config.shutdownTimeoutMs,
    alsoClose: demo
      ? async () => {
          await demoApp?.close();
          await casClient?.close();
          await demo.close();
        }
      : undefined,
  });
}
