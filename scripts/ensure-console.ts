/**
 * Builds the Enterprise Center console (web/ → web/dist) when it is missing or older than its
 * sources; silent and instant otherwise. Run before `npm start`, and by the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const BUILT_INDEX = path.join(WEB_DIR, 'dist', 'index.html');
/** Test files run in parallel processes: one builds, the others wait for it. */
const LOCK_DIR = path.join(tmpdir(), `portico-console-build-${createHash('sha256').update(WEB_DIR).digest('hex').slice(0, 12)}`);
const LOCK_STALE_MS = 120_000;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Server modules the console imports (the roles' permissions, the API's answer shapes in each
 * folder's views.ts) and what they import in turn, found by following the relative imports that
 * leave web/: a change to them is a change to the console.
 */
function sharedSources(): string[] {
  const shared = new Set<string>();
  const follow = (file: string) => {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.\.?\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), specifier);
      if (target.startsWith(WEB_DIR) || shared.has(target)) continue;
      shared.add(target);
      follow(target);
    }
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) follow(full);
    }
  };
  walk(path.join(WEB_DIR, 'src'));
  return [...shared];
}

function builtAt(): number | undefined {
  try {
    return statSync(BUILT_INDEX).mtimeMs;
  } catch {
    return undefined;
  }
}

function consoleNeedsBuild(): boolean {
  const built = builtAt();
  return built === undefined || Math.max(newestSource(WEB_DIR), ...sharedSources().map((f) => statSync(f).mtimeMs)) > built;
}

function withBuildLock(fn: () => void): void {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(LOCK_DIR, { throwIfNoEntry: false });
      // A lock left behind by a killed build is taken over.
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      else if (held) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** `quiet` keeps Vite's output to itself unless the build fails (tests). */
export function ensureConsoleBuilt({ quiet = false } = {}): void {
  if (!consoleNeedsBuild()) return;
  withBuildLock(() => {
    if (!consoleNeedsBuild()) return; // built by another process meanwhile
    if (!quiet) console.log('Building the Enterprise Center console (npm run build:web)…');
    const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: path.dirname(WEB_DIR), stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`npm run build:web failed (exit ${result.status ?? result.signal}): ${result.stderr ?? ''}${result.stdout ?? ''}`);
    }
  });
}

if (import.meta.main) ensureConsoleBuilt();
