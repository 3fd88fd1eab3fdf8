/** The house's import rules (scripts/check-dependencies.ts) hold on every npm test. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDependencies } from '../scripts/check-dependencies.ts';

test('no two folders import each other; connectors and the simulator import nothing of Portico', async () => {
  assert.deepEqual(await checkDependencies(), []);
});
