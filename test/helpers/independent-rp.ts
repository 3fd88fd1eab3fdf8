/**
 * Running relying parties Portico did not write against a test node: a Python RP (Debian's packages,
 * in test/rp/) converses over its stdin and stdout, and this side plays the person at the browser:
 * signing in on Portico's login page when the RP sends them to authorize, following the sign-out.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Browser } from './browser.ts';
import { authorize, submitForm, untilRedirect, type RegisteredApp } from './oidc.ts';

/** Debian's own python (its apt packages live there), not whichever python3 comes first on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const RP_DIR = fileURLToPath(new URL('../rp/', import.meta.url));
/** The Debian packages the Python RPs use; .ci/run installs them. */
export const PYTHON_RP_PACKAGES = 'python3-authlib python3-requests-oauthlib python3-jwt';

const importable = spawnSync(DEBIAN_PYTHON, ['-c', 'import authlib, requests_oauthlib, jwt'], { encoding: 'utf8' });
const missing = importable.status === 0 ? undefined : `the Python RPs need Debian's ${PYTHON_RP_PACKAGES}: ${(importable.stderr || importable.error?.message || '').trim().split('\n').at(-1)}`;
if (missing && process.env.CI === 'true') throw new Error(`Under CI: ${missing}`);
/** For test(): skip (with the reason) only outside CI, where the packages may legitimately be absent. */
export const pythonRps = { skip: missing ?? false };

/** The person's side: sign in at the login page (as `user`), or follow a sign-out to the application. */
export async function personAt(browser: Browser, app: RegisteredApp, user: { username: string }) {
  return {
    async authorize(url: string): Promise<string> {
      const run = await authorize(browser, new URL(url), app, user);
      assert.ok(run.location, `Portico sent the browser back to the application (last page ${run.last.status} ${run.last.url})`);
      return run.location.toString();
    },
    async logout(url: string): Promise<string> {
      let first = await browser.get(url);
      // A third-party application's sign-out is confirmed by the person.
      if (first.status === 200 && /op\.logoutForm/.test(first.body)) first = await submitForm(browser, first, { logout: 'yes' });
      const run = await untilRedirect(browser, first, app.postLogoutRedirectUri);
      assert.ok(run.location, `the sign-out ended at the application (last page ${run.last.status} ${run.last.url})`);
      return run.location.toString();
    },
  };
}

/**
 * Runs `script` (in test/rp/) with `args`; answers its `authorize` and `logout` steps as `person` (none for a
 * machine-to-machine client, which never sends a browser anywhere); returns its `done` line.
 */
export async function runPythonRp(script: string, args: string[], person?: Awaited<ReturnType<typeof personAt>>): Promise<Record<string, unknown>> {
  const child = spawn(DEBIAN_PYTHON, [script, ...args], { cwd: RP_DIR, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const said = JSON.parse(line) as { step: string; url?: string; message?: string } & Record<string, unknown>;
      if (said.step === 'done') return said;
      if (said.step === 'error') assert.fail(`${script}: ${said.message}\n${stderr}`);
      if (!person) assert.fail(`${script} asked for ${said.step}, with no person at a browser`);
      const answer = said.step === 'authorize' ? await person.authorize(said.url!) : await person.logout(said.url!);
      child.stdin.write(answer + '\n');
    }
    assert.fail(`${script} ended (exit ${await exited}) without finishing:\n${stderr}`);
  } finally {
    child.kill();
  }
}
