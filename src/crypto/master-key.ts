import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensurePrivateDir } from '../store/private-files.ts';

export const MASTER_KEY_FILE = 'master.key';

/**
 * The configured key, or the one kept in the data folder, generated (mode 0600) on first start.
 * Several nodes must share one key, so production sets PORTICO_MASTER_KEY instead.
 */
export function loadMasterKey(configured: Buffer | undefined, dataDir: string): { key: Buffer; generated: boolean } {
  if (configured) return { key: configured, generated: false };
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return { key, generated: false };
  }
  ensurePrivateDir(dataDir);
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}
