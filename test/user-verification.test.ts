/**
 * Verified email and mobile, on both databases: administrators mark and withdraw them through the
 * Enterprise Center API (audited like any change), a changed value loses its mark by itself, and a
 * sign-in with an SMS code marks the mobile verified (an audit event of the user).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeEachDialect, startNode, type TestNode } from './helpers/harness.ts';
import { Browser, field } from './helpers/browser.ts';
import { PASSWORD_SOURCE_ID, SMS_SOURCE_ID, USER_CENTER_APP_ID } from '../src/store/well-known.ts';
import { sharedOutbox } from '../src/login/outbox.ts';
import { markContactVerified } from '../src/directory/user-store.ts';

const V1 = '/api/admin/v1';

describeEachDialect('Verified email and mobile', (dialect) => {
  let node: TestNode;
  let admin: string;

  before(async () => {
    node = await startNode(dialect);
    admin = await node.tokenFor('super_admin');
    const put = await node.api('PUT', `${V1}/applications/${USER_CENTER_APP_ID}/login-configuration`, { token: admin, body: { sources: [SMS_SOURCE_ID, PASSWORD_SOURCE_ID] } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  });
  after(async () => {
    await node?.close();
  });

  const mobile = () => `+86135${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`;
  const create = (body: Record<string, unknown>) => {
    const tag = randomBytes(4).toString('hex');
    return node.api('POST', `${V1}/users`, { token: admin, body: { username: `v${tag}`, displayName: `V ${tag}`, ...body } });
  };
  const patch = (id: string, body: Record<string, unknown>) => node.api('PATCH', `${V1}/users/${id}`, { token: admin, body });
  const events = (id: string, action: string) =>
    node.portico.store.db.selectFrom('audit_events').selectAll().where('target_id', '=', id).where('action', '=', action).orderBy('id').execute();

  test('an administrator vouches for an email when creating the user; the mobile stays unverified', async () => {
    const res = await create({ email: `a-${randomBytes(3).toString('hex')}@Example.com`, mobile: mobile(), emailVerified: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.emailVerified, true);
    assert.ok(Date.parse(res.body.emailVerifiedAt) > Date.now() - 60_000);
    assert.equal(res.body.mobileVerified, false);
    assert.equal(res.body.mobileVerifiedAt, null);
    const [created] = await events(res.body.id, 'user.create');
    assert.equal(JSON.parse(created.after!).emailVerified, true, 'the audit event shows it');
  });

  test('marking a contact the user does not have is refused beside the flag, and nothing is written', async () => {
    const refused = await create({ mobileVerified: true });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'user.nothing_to_verify');
    assert.equal(refused.body.field, '/mobileVerified');
    const user = (await create({})).body;
    const patched = await patch(user.id, { emailVerified: true });
    assert.equal(patched.status, 400);
    assert.equal(patched.body.code, 'user.nothing_to_verify');
    assert.equal(patched.body.field, '/emailVerified');
    assert.equal((await patch(user.id, { email: null, emailVerified: true })).body.code, 'user.nothing_to_verify');
    assert.equal((await events(user.id, 'user.update')).length, 0);
    assert.equal((await patch(user.id, { emailVerified: 'yes' })).body.code, 'request.wrong_type');
  });

  test('a changed value loses its mark, the same value sent again keeps it, and an administrator may withdraw it', async () => {
    const email = `b-${randomBytes(3).toString('hex')}@example.com`;
    const user = (await create({ email, mobile: mobile(), emailVerified: true, mobileVerified: true })).body;

    const same = await patch(user.id, { email: email.toUpperCase(), displayName: 'Renamed' });
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.equal(same.body.emailVerifiedAt, user.emailVerifiedAt, 'the same address (any case) keeps its mark');

    const changed = await patch(user.id, { email: `c-${randomBytes(3).toString('hex')}@example.com` });
    assert.equal(changed.body.emailVerified, false, 'a new address is not verified');
    assert.equal(changed.body.emailVerifiedAt, null);
    assert.equal(changed.body.mobileVerified, true, 'the mobile is untouched');
    const update = (await events(user.id, 'user.update')).at(-1)!;
    assert.deepEqual([JSON.parse(update.before!).emailVerified, JSON.parse(update.after!).emailVerified], [true, false], 'audited, field by field');

    const vouched = await patch(user.id, { email: `d-${randomBytes(3).toString('hex')}@example.com`, emailVerified: true });
    assert.equal(vouched.body.emailVerified, true, 'a change may vouch for the new value');

    const withdrawn = await patch(user.id, { mobileVerified: false });
    assert.equal(withdrawn.body.mobileVerified, false);
    assert.equal((await patch(user.id, { mobile: null })).body.mobileVerified, false);
  });

  test('an auditor cannot mark anything', async () => {
    const user = (await create({ email: `e-${randomBytes(3).toString('hex')}@example.com` })).body;
    const res = await node.api('PATCH', `${V1}/users/${user.id}`, { token: await node.tokenFor('auditor'), body: { emailVerified: true } });
    assert.equal(res.status, 403);
  });

  test('signing in with an SMS code marks the mobile verified, once, as an audit event of the user', async () => {
    const user = (await create({ mobile: mobile() })).body;
    assert.equal(user.mobileVerified, false);
    const smsSignIn = async () => {
      const browser = new Browser(node.url);
      const page = await browser.get(`/login?app=user-center&method=${SMS_SOURCE_ID}`);
      const csrf = field(page.body, 'csrf');
      assert.equal((await browser.post('/login/sms', { app: 'user-center', csrf, action: 'send', phone: user.mobile })).status, 200);
      const { code } = (await sharedOutbox(node.portico.ctx.shortLived).latestFor(user.mobile))!;
      assert.equal((await browser.post('/login/sms', { app: 'user-center', csrf, action: 'verify', phone: user.mobile, code })).status, 303);
    };
    await smsSignIn();
    const after = (await node.api('GET', `${V1}/users/${user.id}`, { token: admin })).body;
    assert.equal(after.mobileVerified, true);
    const [marked] = await events(user.id, 'user.mobile_verified');
    assert.deepEqual(
      { category: marked.category, actor: [marked.actor_type, marked.actor_id], reason: marked.reason, after: JSON.parse(marked.after!) },
      { category: 'user', actor: ['user', user.id], reason: 'otp.ok', after: { mobile: user.mobile } },
    );

    // Proving it again marks nothing more; a number that is no longer the user's marks nothing.
    assert.equal(await markContactVerified(node.portico.store.db, user.id, 'mobile', user.mobile), false);
    assert.equal(await markContactVerified(node.portico.store.db, user.id, 'mobile', mobile()), false);
    assert.equal((await events(user.id, 'user.mobile_verified')).length, 1);
    assert.equal((await node.api('GET', `${V1}/users/${user.id}`, { token: admin })).body.mobileVerifiedAt, after.mobileVerifiedAt);
  });
});
