/**
 * Demo mode under PORTICO_WORKERS > 1: the simulator, the demo data, the demo app and the demo CAS client
 * run once, in the primary (each keeps its state in memory: one per worker would be several simulators
 * on one port, each knowing only its own QR codes). Seeding needs a node's context: one is built and
 * closed again before the workers start (development only, so its memory does not matter).
 */
import type { Config } from '../config.ts';
import { createPortico } from '../bootstrap/portico.ts';
import { startDemoSimulator } from '../demo/simulator.ts';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed.ts';
import { startDemoApp } from '../demo/demo-app.ts';
import { startCasClient } from '../demo/cas-client.ts';
import { registerDemoWorkbench } from '../demo/workbench.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';

export async function startDemoHelpers(config: Config) {
  const sim = await startDemoSimulator({ port: config.simPort, host: config.simHost, publicUrl: config.simPublicUrl, porticoUrl: config.publicUrl });
  let demoApp: Awaited<ReturnType<typeof startDemoApp>> | undefined;
  let casClient: Awaited<ReturnType<typeof startCasClient>> | undefined;
  const close = async () => {
    await demoApp?.close();
    await casClient?.close();
    await sim.close();
  };
  try {
    // The store is migrated and has its first admin already: this node only seeds.
    const portico = await createPortico(config, {}, { workerOfPrimary: true });
    let seeded: Awaited<ReturnType<typeof seedDemo>>;
    let notOnWorkbench: string[];
    try {
      seeded = await seedDemo(portico.ctx, sim.url, config.demoAppPublicUrl, `${config.demoCasPublicUrl}/`);
      notOnWorkbench = await registerDemoWorkbench(portico.ctx, sim.url, [USER_CENTER_APP_ID, ...(seeded.demoApp ? [seeded.demoApp.applicationId] : [])]);
    } finally {
      await portico.close();
    }
    return {
      close,
      /** Once the workers serve: the demo app and the CAS client (they call Portico), and what the banner says of them. */
      async startApps() {
        demoApp = seeded.demoApp
          ? await startDemoApp({ port: config.demoAppPort, host: config.host, publicUrl: config.demoAppPublicUrl, issuer: issuerOf(config.publicUrl), ...seeded.demoApp })
          : undefined;
        casClient = seeded.demoCasId
          ? await startCasClient({ casBase: `${config.publicUrl}/cas`, port: config.demoCasPort, host: config.host, publicUrl: config.demoCasPublicUrl })
          : undefined;
        return { simulatorUrl: sim.url, demoAppUrl: demoApp?.url, casClientUrl: casClient?.url, password: DEMO_PASSWORD, seeded: seeded.seeded, notOnWorkbench };
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
