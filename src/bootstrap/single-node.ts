/** One process serving the port (PORTICO_WORKERS=1): the store, the app, demo mode's helpers beside it. */
import type { Config } from '../config.ts';
import { createPortico } from './portico.ts';
import { installGracefulShutdown } from './shutdown.ts';
import { startupBanner } from './banner.ts';
import { startDemoHelpers } from './demo-helpers.ts';

export async function runSingleNode(config: Config): Promise<void> {
  const demo = config.demo ? await startDemoHelpers(config) : undefined;
  const portico = await createPortico(config);
  await demo?.seed(portico.ctx);
  await portico.app.listen({ port: config.port, host: config.host });

  console.log(
    startupBanner(config, {
      demo: await demo?.startApps(),
      masterKeyGenerated: portico.masterKeyGenerated,
      firstAdmin: portico.firstAdmin,
    }),
  );

  installGracefulShutdown(portico, {
    drainDelayMs: config.drainDelayMs,
    timeoutMs: config.shutdownTimeoutMs,
    alsoClose: demo?.close,
  });
}
