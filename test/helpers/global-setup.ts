/**
 * `npm test`'s global setup and teardown (node --test-global-setup): test files run side by side, so
 * PostgreSQL schemas are dropped once all of them are done (./pg-schema.ts says why), not by each file.
 */
import { DEFER_DROPS_ENV, dropTestSchemas, TEST_PG_URL } from './pg-schema.ts';

export async function globalSetup(): Promise<void> {
  // Inherited by every test file's process, which the runner starts after this.
  process.env[DEFER_DROPS_ENV] = '1';
}

export async function globalTeardown(): Promise<void> {
  try {
    await dropTestSchemas(TEST_PG_URL);
  } catch (error) {
    // No PostgreSQL here (its suites were skipped, or failed the run under CI): nothing to drop.
    console.warn(`test schemas not dropped: ${(error as Error).message}`);
  }
}
