/**
 * Demo mode's helpers beside Portico: the DingTalk simulator, the demo data, the demo app and the demo CAS
 * client. Each keeps its state in memory, so there is one of each whatever the number of processes: they
 * run in the single node (./single-node.ts), or once in the primary of PORTICO_WORKERS > 1
 * (src/cluster/primary.ts; one per worker would be several simulators on one port, each knowing only its
 * own QR codes). In three steps: the simulator; the demo data, seeded with a node's context; once Portico
 * serves, the demo app and the CAS client (they call it).
 */
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { BannerFacts } from './banner.ts';
import { createPortico } from './portico.ts';
import { startDemoSimulator } from '../demo/simulator.ts';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed.ts';
import { startDemoApp } from '../demo/demo-app.ts';
import { startCasClient } from '../demo/cas-client.ts';
import { registerDemoWorkbench } from '../demo/workbench.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';

export async function startDemoHelpers(config: Config) {
  const sim = await startDemoSimulator({ port: config.simPort, host: config.simHost, publicUrl: config.simPublicUrl, porticoUrl: config.publicUrl });
  let seeded: Awaited<ReturnType<typeof seedDemo>> | undefined;
  let notOnWorkbench: string[] = [];
  let demoApp: Awaited<ReturnType<typeof startDemoApp>> | undefined;
  let casClient: Awaited<ReturnType<typeof startCasClient>> | undefined;

  async function seed(ctx?: AppContext): Promise<void> {
    if (!ctx) {
      // The primary's: the store is migrated and has its first admin already; this node only seeds (development only, so its memory does not matter).
      const node = await createPortico(config, {}, { workerOfPrimary: true });
      try {
        return await seed(node.ctx);
      } finally {
        await node.close();
      }
    }
    seeded = await seedDemo(ctx, sim.url, config.demoAppPublicUrl, `${config.demoCasPublicUrl}/`);
    notOnWorkbench = await registerDemoWorkbench(ctx, sim.url, [USER_CENTER_APP_ID, ...(seeded.demoApp ? [seeded.demoApp.applicationId] : [])]);
  }

  return {
    /**
     * The demo data, and the applications on the simulator's workbench: with the serving node's context, or
     * without one (the primary, before its workers start) with a node built for it and closed again.
     */
    seed,
    /** Once Portico serves: the demo app and the CAS client, and what the banner says of the helpers. */
    async startApps(): Promise<NonNullable<BannerFacts['demo']>> {
      demoApp = seeded?.demoApp
        ? await startDemoApp({ port: config.demoAppPort, host: config.host, publicUrl: config.demoAppPublicUrl, issuer: issuerOf(config.publicUrl), ...seeded.demoApp })
        : undefined;
      casClient = seeded?.demoCasId
        ? await startCasClient({ casBase: `${config.publicUrl}/cas`, port: config.demoCasPort, host: config.host, publicUrl: config.demoCasPublicUrl })
        : undefined;
      return { simulatorUrl: sim.url, demoAppUrl: demoApp?.url, casClientUrl: casClient?.url, password: DEMO_PASSWORD, seeded: Boolean(seeded?.seeded), notOnWorkbench };
    },
    async close() {
      await demoApp?.close();
      await casClient?.close();
      await sim.close();
    },
  };
}
