import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextReconcile, reconcileDue } from './schedule.ts';

const at = (h: number, m = 0, day = 7) => new Date(2026, 11, day, h, m).getTime();

test('the nightly reconcile is due once a day at its hour, and not again after it ran', () => {
  assert.equal(nextReconcile(2, new Date(at(15)).toISOString(), at(16)).getTime(), at(2, 0, 8), 'created in the afternoon: next night');
  assert.equal(reconcileDue(2, new Date(at(15, 0, 6)).toISOString(), at(2, 1)), true, 'last ran yesterday: due after 2:00');
  assert.equal(reconcileDue(2, new Date(at(15, 0, 6)).toISOString(), at(1, 59)), false, 'not before its hour');
  assert.equal(reconcileDue(2, new Date(at(2, 1)).toISOString(), at(3)), false, 'ran tonight already');
});
