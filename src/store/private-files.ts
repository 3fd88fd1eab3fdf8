/**
 * Portico's files on disk are readable by Portico's own user only: the SQLite database holds password
 * hashes, sessions and sealed secrets, and the data folder holds the master key. Other local accounts
 * get nothing (CWE-732: no broader permissions than needed for a critical resource).
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Owner read/write, nothing for group or others. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only: listing the folder already tells which files exist. */
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (and missing parents) 0700; a folder that exists already is the operator's and left as it is. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates the file 0600 when missing, or takes group and other permissions away from an existing one. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tightenIfPresent(file);
}

/** Takes group and other permissions away from the file when it exists (SQLite's -wal and -shm of an older start). */
export function tightenIfPresent(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (mode & ~PRIVATE_FILE_MODE) chmodSync(file, mode & PRIVATE_FILE_MODE);
}
