/**
 * Demo mode runs only on loopback, on the real entry point (`node src/main.ts`): asked to listen on
 * every interface it stops before opening anything, with exit code 2 and a message saying why and
 * what to do; on loopback it still starts for a newcomer, and the simulator alone may listen on an
 * address of its own (for a phone on the network) while Portico stays where it was told.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './helpers/free-port.ts';
import { runToExit } from './helpers/run-to-exit.ts';
import { startChildNode, type ChildNode } from './helpers/child-node.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** A second loopback address (127.0.0.0/8 is all loopback on Linux): the simulator's own, in the test. */
const SIM_HOST = '127.0.0.2';
/** A refusal comes within seconds; a node that started instead is stopped by then (and the test fails). */
const REFUSAL_TIMEOUT_MS = 20_000;

const dirs: string[] = [];
let node: ChildNode | undefined;
after(async () => {
  node?.kill('SIGKILL');
  await node?.exited;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Ports of their own, so a build that did start would not take the demo's defaults (3001, 3002) from anyone. */
async function ports() {
  return { PORTICO_PORT: String(await freePort()), PORTICO_SIM_PORT: String(await freePort()), PORTICO_DEMO_APP_PORT: String(await freePort()) };
}

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-demo-loopback-'));
  dirs.push(dir);
  return dir;
}

/** Resolves to true when something accepts the connection, false when it is refused. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

test('PORTICO_HOST=0.0.0.0 with demo mode on (the SQLite default) stops with exit code 2 and says why and what to do', async () => {
  const dataDir = path.join(tempDir(), 'data');
  const { code, stdout, stderr } = await runToExit([MAIN], {
    env: { PORTICO_HOST: '0.0.0.0', ...(await ports()), PORTICO_DATA_DIR: dataDir },
    timeoutMs: REFUSAL_TIMEOUT_MS,
  });
  assert.equal(code, 2, `stdout: ${stdout}\nstderr: ${stderr}`);
  assert.match(stderr, /^Portico cannot start: PORTICO_DEMO: demo mode runs only on loopback, and PORTICO_HOST is 0\.0\.0\.0, not a loopback address\./);
  assert.match(stderr, /\/dev\/sms/);
  assert.match(stderr, /set PORTICO_DEMO=false, a PORTICO_PUBLIC_URL on https and PORTICO_METRICS_TOKEN/);
  assert.equal(existsSync(dataDir), false, 'refused before anything was written');
});

test('a public URL that is not loopback stops demo mode the same way', async () => {
  const { code, stderr } = await runToExit([MAIN], {
    env: { PORTICO_PUBLIC_URL: 'https://id.example.com', ...(await ports()), PORTICO_DATA_DIR: path.join(tempDir(), 'data') },
    timeoutMs: REFUSAL_TIMEOUT_MS,
  });
  assert.equal(code, 2, stderr);
  assert.match(stderr, /PORTICO_DEMO: demo mode runs only on loopback, and PORTICO_PUBLIC_URL's host is id\.example\.com/);
});

test('on loopback the demo still starts, and the simulator listens on its own address while Portico stays on its own', async () => {
  const [port, simPort, demoAppPort, demoCasPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  node = await startChildNode(port, {
    PORTICO_DATA_DIR: tempDir(),
    PORTICO_SIM_PORT: String(simPort),
    PORTICO_DEMO_APP_PORT: String(demoAppPort),
    PORTICO_DEMO_CAS_PORT: String(demoCasPort),
    PORTICO_SIM_HOST: SIM_HOST,
    PORTICO_SIM_PUBLIC_URL: `http://${SIM_HOST}:${simPort}`,
  });
  assert.equal((await fetch(`${node.url}/dev/sms`)).status, 200, 'demo mode is on');
  assert.equal((await fetch(`http://${SIM_HOST}:${simPort}/sim/api/world`)).status, 200, 'the simulator answers on PORTICO_SIM_HOST');
  assert.equal(await answers(`http://${SIM_HOST}:${port}/healthz`), false, 'Portico does not listen on the simulator address');
  assert.equal(await answers(`http://127.0.0.1:${simPort}/sim/api/world`), false, 'the simulator listens only where it was told');
  node.kill('SIGTERM');
  assert.deepEqual(await node.exited, { code: 0, signal: null });
  node = undefined;
});
