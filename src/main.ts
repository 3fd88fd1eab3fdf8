/** `npm start`: load config, open the store, build the app, listen; shut down cleanly on SIGTERM. */
import './bootstrap/threadpool.ts'; // first: sizes libuv's pool before anything uses it
import { loadConfig } from './config.ts';
import { ConfigError } from './config-error.ts';
import { createPortico } from './bootstrap/portico.ts';
import { installGracefulShutdown } from './bootstrap/shutdown.ts';
import { startDemoSimulator } from './demo/simulator.ts';
import { seedDemo, DEMO_PASSWORD } from './demo/seed.ts';
import { startDemoApp } from './demo/demo-app.ts';
import { startCasClient } from './demo/cas-client.ts';
import { issuerOf } from './protocols/oidc/endpoints.ts';
import { registerDemoWorkbench } from './demo/workbench.ts';
import { USER_CENTER_APP_ID } from './store/well-known.ts';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Portico cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function main() {
  const config = configOrExit();

  const demo = config.demo
    ? await startDemoSimulator({ port: config.simPort, host: config.simHost, publicUrl: config.simPublicUrl, porticoUrl: config.publicUrl })
    : undefined;
  const portico = await createPortico(config);
  const { app } = portico;
  const seeded = demo ? await seedDemo(portico.ctx, demo.url, config.demoAppPublicUrl, `${config.demoCasPublicUrl}/`) : undefined;
  await app.listen({ port: config.port, host: config.host });
  const issuer = issuerOf(config.publicUrl);
  const demoApp = seeded?.demoApp
    ? await startDemoApp({ port: config.demoAppPort, host: config.host, publicUrl: config.demoAppPublicUrl, issuer, ...seeded.demoApp })
    : undefined;
  const casClient = seeded?.demoCasId
    ? await startCasClient({ casBase: `${config.publicUrl}/cas`, port: config.demoCasPort, host: config.host, publicUrl: config.demoCasPublicUrl })
    : undefined;
  const notOnWorkbench = demo ? await registerDemoWorkbench(portico.ctx, demo.url, [USER_CENTER_APP_ID, ...(seeded?.demoApp ? [seeded.demoApp.applicationId] : [])]) : [];

  const lines = [
    '',
    `Portico is running at ${config.publicUrl}`,
    `  Console (Enterprise Center): ${config.publicUrl}/console`,
    `  User Center (sign in here): ${config.publicUrl}/account`,
    `  OpenID Connect issuer: ${issuer} (discovery: ${issuer}/.well-known/openid-configuration)`,
    `  Enterprise Center API: ${config.publicUrl}/api/admin/v1 (OpenAPI: ${config.publicUrl}/api/admin/v1/openapi.json)`,
    `  Data: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice(7) : 'PostgreSQL'}`,
  ];
  if (demo) {
    lines.push(
      `  Demo app (signs in with Portico): ${demoApp?.url ?? config.demoAppPublicUrl}`,
      `  Demo CAS client, Campus Portal (signs in with Portico's CAS server): ${casClient?.url ?? config.demoCasPublicUrl}`,
      `  DingTalk simulator: ${demo.url} (its phone page is what the QR codes open)`,
      `  DingTalk workbench (sign in inside DingTalk): ${demo.url}/workbench — pick who is signed in to DingTalk, tap the User Center or the demo app`,
      `  Demo users: zhangsan, lisi, zhaoliu (password ${DEMO_PASSWORD}); SMS codes appear at ${config.publicUrl}/dev/sms`,
    );
    if (notOnWorkbench.length) lines.push(`  Could not put ${notOnWorkbench.join(', ')} on the simulator's workbench.`);
    if (seeded?.seeded) lines.push('  Demo organisation, users and the DingTalk source were created.');
  }
  if (portico.masterKeyGenerated) lines.push(`  A new master key was written to ${config.dataDir}/master.key: back it up with the data.`);
  if (portico.firstAdmin) {
    lines.push('', '  First super admin created:', `    username: ${portico.firstAdmin.admin.username}`);
    lines.push(
      portico.firstAdmin.password
        ? `    password: ${portico.firstAdmin.password}   (shown this once; change it after signing in)`
        : '    password: the value of PORTICO_ADMIN_PASSWORD',
    );
  }
  console.log(lines.join('\n') + '\n');

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

main().catch((error) => {
  console.error('Portico failed to start:', error);
  process.exit(1);
});
