// Standalone DingTalk simulator: `npm run sim` (PORTICO_SIM_PORT, default 3001; PORTICO_SIM_HOST, default 127.0.0.1;
// PORTICO_SIM_FIXTURE: demo (default), large (generated: PORTICO_SIM_PEOPLE, PORTICO_SIM_DEPARTMENTS, PORTICO_SIM_SEED),
// or the path of a fixture JSON file).
import { DEMO_FIXTURE_URL, loadDemoFixture, loadFixture, type SimFixture } from './fixture.ts';
import { generateLargeOrg } from './fixtures/large.ts';
import { createDingTalkSimulator } from './server.ts';

const port = Number(process.env.PORTICO_SIM_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORTICO_SIM_PORT must be a port number, got "${process.env.PORTICO_SIM_PORT}"`);
  process.exit(1);
}
function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

/** large: the demo app's AppKey, secret, corpId and redirect URIs over a generated org, so a Portico set up for the demo syncs it as is. */
function chooseFixture(): SimFixture {
  const which = process.env.PORTICO_SIM_FIXTURE || 'demo';
  if (which === 'demo') return loadFixture(DEMO_FIXTURE_URL);
  if (which !== 'large') return loadFixture(which);
  const demoApp = loadDemoFixture().apps[0];
  const started = performance.now();
  const generated = generateLargeOrg({
    people: envInt('PORTICO_SIM_PEOPLE', 100_000), departments: envInt('PORTICO_SIM_DEPARTMENTS', 2_000), seed: envInt('PORTICO_SIM_SEED', 1),
    corpId: demoApp.corpId, appKey: demoApp.clientId, appSecret: demoApp.clientSecret, redirectUris: demoApp.redirectUris,
  });
  console.log(`generated ${generated.users.length} people in ${generated.departments?.length ?? 0} departments in ${Math.round(performance.now() - started)} ms`);
  return generated;
}

const fixture = chooseFixture();
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
const shown = fixture.users.slice(0, 10).map((u) => `${u.name} (${u.userId})`).join(', ');
console.log(`  users: ${shown}${fixture.users.length > 10 ? ` … ${fixture.users.length} in all` : ''}`);
console.log(`  overview: ${url}/  ·  DingTalk client (workbench): ${url}/workbench  ·  test API: ${url}/sim/api/world`);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
