import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsConfirmation, planDepartment, planLeaver, planPerson, usernameFor, type PersonFacts, type PersonState } from './plan.ts';
import type { UpstreamPerson } from './reader.ts';

const person = (o: Partial<UpstreamPerson> = {}): UpstreamPerson => ({
  externalId: 'zhangsan',
  subject: 'uZhangSan',
  departmentIds: ['3'],
  active: true,
  values: { displayName: '张三', mobile: '+8613800000001', employeeNumber: 'E001' },
  ...o,
});
const user = (o: Partial<PersonState> = {}): PersonState => ({
  id: 'usr_1', username: 'zhangsan', displayName: '张三', mobile: '+8613800000001', email: null, employeeNumber: 'E001', externalId: null,
  status: 'active', orgUnitId: 'ou_3', memberships: [], leftAt: null, ...o,
});
const facts = (o: Partial<PersonFacts> = {}): PersonFacts => ({ linked: null, matches: [], claimedBy: null, duplicateKey: false, taken: {}, units: ['ou_3'], ...o });
const policy = { matchKey: 'mobile' as const, inactive: 'skip' as const };

test('a new person is created in their main department, with their other departments as memberships', () => {
  const change = planPerson(person({ departmentIds: ['3', '5'] }), facts({ units: ['ou_3', 'ou_5'] }), policy);
  assert.ok(typeof change === 'object');
  assert.equal(change.kind, 'create');
  assert.deepEqual(change.after, { fields: { displayName: '张三', mobile: '+8613800000001', employeeNumber: 'E001', username: 'zhangsan' }, unit: 'ou_3', status: 'active', subject: 'uZhangSan', memberships: ['ou_5'] });
});

test('a linked person who agrees with Portico is unchanged; a changed name is an update; a new main department a move', () => {
  assert.equal(planPerson(person(), facts({ linked: user() }), policy), 'unchanged');
  const renamed = planPerson(person({ values: { displayName: '张三丰' } }), facts({ linked: user() }), policy);
  assert.ok(typeof renamed === 'object');
  assert.equal(renamed.kind, 'update');
  assert.deepEqual(renamed.before, { displayName: '张三' });
  const moved = planPerson(person(), facts({ linked: user(), units: ['ou_9'] }), policy);
  assert.ok(typeof moved === 'object');
  assert.equal(moved.kind, 'move');
});

test('a value DingTalk did not send (no field permission) leaves Portico’s alone', () => {
  assert.equal(planPerson(person({ values: { displayName: '张三' } }), facts({ linked: user() }), policy), 'unchanged');
});

test('matching never guesses: two users with the key, a key two people share, a user linked to someone else are conflicts', () => {
  const kind = (f: Partial<PersonFacts>) => {
    const c = planPerson(person(), facts(f), policy);
    return typeof c === 'object' ? `${c.kind}:${c.problem?.code}` : c;
  };
  assert.equal(kind({ matches: [user(), user({ id: 'usr_2' })] }), 'conflict:sync.ambiguous_match');
  assert.equal(kind({ duplicateKey: true, matches: [user()] }), 'conflict:sync.key_used_twice');
  assert.equal(kind({ claimedBy: 'lisi' }), 'conflict:sync.key_claimed');
  assert.equal(kind({ taken: { mobile: true } }), 'conflict:sync.value_taken');
  assert.equal(kind({ matches: [user()] }), 'update:undefined', 'one match is linked');
});

test('a value Portico cannot store is a conflict naming the field', () => {
  const c = planPerson(person({ values: { displayName: '张三', mobile: '12ab' }, origin: 'row 5' }), facts(), policy);
  assert.ok(typeof c === 'object');
  assert.equal(c.problem?.code, 'user.invalid_mobile');
  assert.match(c.problem!.detail, /^row 5: /);
});

test('inactive people are skipped, created disabled or created active as the source says', () => {
  const inactive = person({ active: false });
  assert.equal(planPerson(inactive, facts(), policy), 'skipped');
  const disabled = planPerson(inactive, facts(), { ...policy, inactive: 'create_disabled' });
  assert.ok(typeof disabled === 'object');
  assert.equal((disabled.after as { status: string }).status, 'disabled');
});

test('only a user the sync disabled as a leaver is re-enabled when they return', () => {
  const back = planPerson(person(), facts({ linked: user({ status: 'disabled', leftAt: '2026-12-01T00:00:00Z' }) }), policy);
  assert.ok(typeof back === 'object');
  assert.equal(back.kind, 'reenable');
  assert.equal(planPerson(person(), facts({ linked: user({ status: 'disabled' }) }), policy), 'unchanged', 'disabled by an admin: left alone');
});

test('a leaver is disabled once, never deleted', () => {
  assert.equal(planLeaver(user(), 'zhangsan')?.kind, 'disable');
  assert.equal(planLeaver(user({ status: 'disabled' }), 'zhangsan'), null);
});

test('a department is created, renamed or moved, or adopts a unit of the same name rather than duplicating it', () => {
  const dep = { externalId: '3', parentExternalId: '2', name: '后端组' };
  assert.equal(planDepartment(dep, 'ou_2', null, null)?.kind, 'create_unit');
  assert.deepEqual(planDepartment(dep, 'ou_2', null, { id: 'ou_x', name: '后端组', parentId: 'ou_2' })?.after, { link: true });
  assert.equal(planDepartment(dep, 'ou_2', { id: 'ou_3', name: '后端组', parentId: 'ou_2' }, null), null);
  assert.deepEqual(planDepartment({ ...dep, name: '服务端组' }, 'ou_2', { id: 'ou_3', name: '后端组', parentId: 'ou_2' }, null)?.after, { name: '服务端组' });
});

test('a run disabling more than the threshold’s share of linked users asks first', () => {
  assert.equal(needsConfirmation(1, 10, 10), false);
  assert.equal(needsConfirmation(2, 10, 10), true);
  assert.equal(needsConfirmation(0, 0, 10), false);
  assert.equal(needsConfirmation(1, 0, 10), true);
});

test('a username is made from the upstream id when none is mapped', () => {
  assert.equal(usernameFor(person({ externalId: 'ZhangSan_01' }), {}), 'zhangsan_01');
  assert.equal(usernameFor(person({ externalId: '0124567890' }), {}), '0124567890');
  assert.match(usernameFor(person({ externalId: '张三' }), {}), /^u[0-9a-f]{12}$/);
  assert.equal(usernameFor(person(), { username: 'given' }), 'given');
});
