// Standalone DingTalk simulator: `npm run sim` (PORTICO_SIM_PORT, default 3001; PORTICO_SIM_HOST, default 127.0.0.1).
import { DEMO_FIXTURE_URL, loadFixture } from './fixture.ts';
import { createDingTalkSimulator } from './server.ts';

const port = Number(process.env.PORTICO_SIM_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORTICO_SIM_PORT must be a port number, got "${process.env.PORTICO_SIM_PORT}"`);
  process.exit(1);
}
const fixture = loadFixture(DEMO_FIXTURE_URL);
const sim = createDingTalkSimulator({ fixture, publicUrl: process.env.PORTICO_SIM_PUBLIC_URL || undefined });
// Loopback unless asked: its test API lets anyone who reaches it scan as any simulated user.
const url = await sim.listen(port, process.env.PORTICO_SIM_HOST || '127.0.0.1');

const demoApp = fixture.apps[0];
console.log(`DingTalk simulator listening on ${url}`);
console.log(`  login/api/oapi base URL: ${url}${sim.url !== url ? ` (QR codes and links use ${sim.url})` : ''}`);
if (demoApp) {
  console.log(`  demo app "${demoApp.name}": clientId (AppKey) = ${demoApp.clientId}, clientSecret (AppSecret) = ${demoApp.clientSecret}`);
  console.log(`  redirect URIs: ${demoApp.redirectUris.join(', ')}`);
}
console.log(`  users: ${fixture.users.map((u) => `${u.name} (${u.userId})`).join(', ')}`);
console.log(`  overview: ${url}/  ·  DingTalk client (workbench): ${url}/workbench  ·  test API: ${url}/sim/api/world`);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
