/** Directory sync in tests: an identity source against the simulator, and waiting for a run to settle. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestNode } from './harness.ts';
import { dingtalkSource, SIM_APP, type Simulator } from './dingtalk.ts';
import { ROOT_ORG_UNIT_ID } from '../../src/store/well-known.ts';

export const V1 = '/api/admin/v1';

/** A DingTalk identity source on the simulator's organisation, bound to a (new) DingTalk login source. */
export async function identitySource(node: TestNode, admin: string, sim: Simulator, config: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
  const login = await dingtalkSource(node, admin, sim, {}, false);
  const res = await node.api('POST', `${V1}/identity-sources`, {
    token: admin,
    body: {
      type: 'dingtalk',
      name: `Directory ${randomBytes(4).toString('hex')}`,
      config: { corpId: SIM_APP.corpId, appKey: SIM_APP.appKey, orgUnitId: ROOT_ORG_UNIT_ID, bindSourceId: login.id, transport: 'none', ...config },
      secrets: { appSecret: SIM_APP.appSecret },
      ...body,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...res.body, loginSourceId: login.id } as { id: string; name: string; callbackUrl: string; loginSourceId: string; config: Record<string, unknown> };
}

const SETTLED = ['planned', 'awaiting_confirmation', 'succeeded', 'failed', 'superseded'];

/** Polls a run until it stops working (as the console's progress bar does). */
export async function waitForRun(node: TestNode, admin: string, runId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await node.api('GET', `${V1}/sync-runs/${runId}`, { token: admin });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (SETTLED.includes(res.body.status) && !(res.body.status === 'planned' && res.body.mode === 'apply')) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.status} (${res.body.phase})`);
    await sleep(50);
  }
}

export async function changesOf(node: TestNode, admin: string, runId: string, kind?: string) {
  const res = await node.api('GET', `${V1}/sync-runs/${runId}/changes?pageSize=100${kind ? `&kind=${kind}` : ''}`, { token: admin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

/** Every user but the ones tests make by hand, by username. */
export async function usersByUsername(node: TestNode, admin: string) {
  const res = await node.api('GET', `${V1}/users?pageSize=100`, { token: admin });
  return Object.fromEntries(res.body.items.map((u: { username: string }) => [u.username, u])) as Record<string, any>;
}

/** Polls until `check` passes (events and takeovers happen asynchronously), failing with its last error after the timeout. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
