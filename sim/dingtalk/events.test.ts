// Contact events: subscriptions, the HTTP-push sender (check_url, signed encrypted pushes, retries and
// parking), Stream mode (connections/open, tickets, EVENT frames, ACK/LATER/redelivery, ping, disconnect,
// several connections) and chaos (drop, duplicate, reorder).
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { callbackSignature, decryptMessage, encryptMessage } from './callback-crypto.ts';
import { DEMO, json, postJson, startSim, type Running } from './test-support.ts';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE';
const TOKEN = 'testtoken';
const ORG = `/test/orgs/${DEMO.corpId}`;

const send = (method: string, url: string, body?: unknown) =>
  fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

/** Polls until the probe answers something other than undefined/false, and answers that. */
async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 3000): Promise<Exclude<T, false | undefined>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as Exclude<T, false | undefined>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An app's HTTP-push endpoint, as Portico would run it, with switches for misbehaviour. */
class Receiver {
  server!: Server;
  url = '';
  received: Array<Record<string, any>> = [];
  mode: 'ok' | 'bad-signature' | 'http-500' | 'slow' = 'ok';
  slowMs = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => { text += c; });
      req.on('end', async () => {
        const q = new URL(req.url ?? '/', 'http://x').searchParams;
        const { encrypt } = JSON.parse(text) as { encrypt: string };
        assert.equal(q.get('signature'), callbackSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!, encrypt));
        this.received.push(JSON.parse(decryptMessage(encrypt, AES_KEY, DEMO.clientId)));
        if (this.mode === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
        if (this.mode === 'http-500') {
          res.writeHead(500).end();
          return;
        }
        const replyEncrypt = encryptMessage('success', AES_KEY, DEMO.clientId);
        const timeStamp = String(Date.now());
        const sig = this.mode === 'bad-signature' ? '0'.repeat(40) : callbackSignature(TOKEN, timeStamp, 'replynonce', replyEncrypt);
        res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ msg_signature: sig, timeStamp, nonce: 'replynonce', encrypt: replyEncrypt }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/dingtalk/events`;
  }

  events(): Array<Record<string, any>> {
    return this.received.filter((m) => m.EventType !== 'check_url');
  }
}

describe('HTTP push', () => {
  let r: Running;
  const rx = new Receiver();
  before(async () => {
    r = await startSim({ events: { checkUrlTimeoutMs: 200, pushRetryDelaysMs: [20, 20], pushTimeoutMs: 300 } });
    await rx.start();
  });
  after(async () => {
    await r.close();
    rx.server.close();
  });
  beforeEach(() => {
    r.sim.state.reset();
    rx.received = [];
    rx.mode = 'ok';
  });
  const subscribe = () => send('PUT', `${r.base}/test/apps/${DEMO.clientId}/events`, { transport: 'http_push', url: rx.url, token: TOKEN, aesKey: AES_KEY });
  const log = async (status?: string) =>
    (await json(await fetch(`${r.base}/test/apps/${DEMO.clientId}/events${status ? `?status=${status}` : ''}`))).events as any[];

  it('saves a subscription only after check_url is answered with the encrypted "success"', async () => {
    const res = await subscribe();
    assert.equal(res.status, 200);
    assert.deepEqual(rx.received, [{ EventType: 'check_url' }]);
    assert.equal((await json(await fetch(`${r.base}/test/apps/${DEMO.clientId}/events`))).subscription.transport, 'http_push');
  });

  it('refuses a URL whose reply is badly signed, an error, or later than the console waits', async () => {
    for (const [mode, reason] of [['bad-signature', /signature does not match/], ['http-500', /HTTP 500/], ['slow', /no reply within 200 ms/]] as const) {
      rx.mode = mode;
      rx.slowMs = 400;
      const res = await subscribe();
      assert.equal(res.status, 400, mode);
      assert.match((await json(res)).message, reason);
    }
    assert.equal((await json(await fetch(`${r.base}/test/apps/${DEMO.clientId}/events`))).subscription, null);
    const bad = await json(await send('PUT', `${r.base}/test/apps/${DEMO.clientId}/events`, { transport: 'http_push', url: 'ftp://x', token: '', aesKey: 'short' }));
    assert.equal(bad.errors.length, 3);
  });

  it('pushes each change as a signed, encrypted PascalCase event with ids only, and logs it as acked', async () => {
    await subscribe();
    const added = await json(await send('POST', `${r.base}${ORG}/users`, { userId: 'newbie', name: '新人', deptIdList: [4] }));
    assert.equal(added.events.length, 1);
    await send('POST', `${r.base}${ORG}/departments`, { name: '测试组', parentId: 2 });
    const [user, dept] = await until(() => rx.events().length === 2 && rx.events(), 'two pushes');
    assert.deepEqual({ ...user, TimeStamp: 't' }, { EventType: 'user_add_org', UserId: ['newbie'], CorpId: DEMO.corpId, TimeStamp: 't', OptStaffId: 'simadmin' });
    assert.match(user.TimeStamp, /^\d{13}$/);
    assert.deepEqual({ ...dept, TimeStamp: 't' }, { EventType: 'org_dept_create', DeptId: [7], CorpId: DEMO.corpId, TimeStamp: 't' });
    const acked = await until(async () => { const l = await log('acked'); return l.length === 2 && l; }, 'acks');
    assert.deepEqual(acked.map((e) => e.eventType), ['user_add_org', 'org_dept_create']);
  });

  it('emits the event of each kind of change', async () => {
    await subscribe();
    await send('POST', `${r.base}${ORG}/users`, { userId: 'n1', name: 'N', deptIdList: [3], active: false });
    await send('PATCH', `${r.base}${ORG}/users/n1`, { title: 'x' });
    await send('POST', `${r.base}${ORG}/users/n1/activate`);
    await send('DELETE', `${r.base}${ORG}/users/n1`);
    await send('PATCH', `${r.base}${ORG}/departments/4`, { name: 'Web' });
    await send('POST', `${r.base}${ORG}/departments`, { name: 'tmp', parentId: 1 });
    await send('DELETE', `${r.base}${ORG}/departments/7`);
    const types = await until(() => rx.events().length === 7 && rx.events().map((e) => e.EventType).sort(), 'seven pushes');
    assert.deepEqual(types, ['org_dept_create', 'org_dept_modify', 'org_dept_remove', 'user_active_org', 'user_add_org', 'user_leave_org', 'user_modify_org']);
  });

  it('retries a failing push, then parks it in the log', async () => {
    await subscribe();
    rx.mode = 'http-500';
    await send('PATCH', `${r.base}${ORG}/users/zhangsan`, { title: 'Lead' });
    const [parked] = await until(async () => { const l = await log('parked'); return l.length === 1 && l; }, 'parked event');
    assert.equal(parked.deliveries, 3);
    assert.equal(parked.lastError, 'HTTP 500');
    assert.equal(rx.events().length, 3);
  });

  it('chaos: drops the next event, duplicates one, and swaps the order of two', async () => {
    await subscribe();
    await send('PUT', `${r.base}/test/events/chaos`, { drop: 1 });
    await send('PATCH', `${r.base}${ORG}/users/zhangsan`, { title: 'dropped' });
    await send('PATCH', `${r.base}${ORG}/users/lisi`, { title: 'delivered' });
    await until(() => rx.events().length === 1, 'one push');
    assert.deepEqual(rx.events()[0].UserId, ['lisi']);
    assert.equal((await log('dropped')).length, 1);

    rx.received = [];
    await send('PUT', `${r.base}/test/events/chaos`, { duplicate: 1 });
    await send('PATCH', `${r.base}${ORG}/users/zhaoliu`, { title: 'twice' });
    await until(() => rx.events().length === 2, 'the duplicate');
    assert.deepEqual(rx.events().map((e) => e.UserId[0]), ['zhaoliu', 'zhaoliu']);

    rx.received = [];
    await send('PUT', `${r.base}/test/events/chaos`, { reorder: 1 });
    await send('PATCH', `${r.base}${ORG}/users/zhangsan`, { title: 'first' });
    await send('PATCH', `${r.base}${ORG}/users/wangwu`, { title: 'second' });
    await until(() => rx.events().length === 2, 'both pushes');
    assert.deepEqual(rx.events().map((e) => e.UserId[0]), ['wangwu', 'zhangsan']);
  });
});

/** A Stream client the way Portico connects: Node's global WebSocket. */
class StreamClient {
  ws!: WebSocket;
  frames: Array<Record<string, any>> = [];
  autoAck = true;
  autoPong = true;
  closed = false;

  async connect(base: string): Promise<this> {
    const res = await postJson(`${base}/v1.0/gateway/connections/open`,
      { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, subscriptions: [{ type: 'EVENT', topic: '*' }], ua: 'test/1.0' },
      { accept: 'application/json' });
    const { endpoint, ticket } = await json(res);
    this.ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    this.ws.addEventListener('message', (m) => {
      const frame = JSON.parse(String(m.data));
      this.frames.push(frame);
      if (frame.type === 'EVENT' && this.autoAck) this.ack(frame.headers.messageId, 'SUCCESS');
      if (frame.type === 'SYSTEM' && frame.headers.topic === 'ping' && this.autoPong) {
        this.ws.send(JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data }));
      }
    });
    this.ws.addEventListener('close', () => { this.closed = true; });
    await new Promise((resolve, reject) => {
      this.ws.addEventListener('open', resolve);
      this.ws.addEventListener('error', reject);
    });
    return this;
  }

  ack(messageId: string, status: 'SUCCESS' | 'LATER'): void {
    this.ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ status, message: 'ok' }) }));
  }

  events(): Array<Record<string, any>> {
    return this.frames.filter((f) => f.type === 'EVENT');
  }
}

/** The HTTP status of a WebSocket handshake (101 or the refusal). */
function handshakeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Stream mode', () => {
  let r: Running;
  const clients: StreamClient[] = [];
  before(async () => {
    r = await startSim({ events: { streamAckTimeoutMs: 150, streamPingIntervalMs: 60_000, streamDisconnectDelayMs: 50 } });
  });
  after(async () => { await r.close(); });
  beforeEach(async () => {
    r.sim.state.reset();
    await send('PUT', `${r.base}/test/apps/${DEMO.clientId}/events`, { transport: 'stream' });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.ws.close();
  });
  const client = async () => {
    const c = await new StreamClient().connect(r.base);
    clients.push(c);
    return c;
  };
  const open = (headers: Record<string, string>, body: unknown = { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, subscriptions: [{ type: 'EVENT', topic: '*' }] }) =>
    postJson(`${r.base}/v1.0/gateway/connections/open`, body, headers);
  const connections = async () => (await json(await fetch(`${r.base}/test/stream/connections`))) as unknown as any[];

  it('connections/open answers {endpoint, ticket} as JSON with Accept: application/json, XML without; checks the credentials', async () => {
    const ok = await json(await open({ accept: 'application/json' }));
    assert.equal(ok.endpoint, `${r.base.replace('http', 'ws')}/connect`);
    assert.match(ok.ticket, /^[0-9a-f-]{36}$/);
    const xml = await open({});
    assert.match(xml.headers.get('content-type') ?? '', /xml/);
    assert.match(await xml.text(), /<ticket>[0-9a-f-]{36}<\/ticket>/);
    const wrong = await open({ accept: 'application/json' }, { clientId: DEMO.clientId, clientSecret: 'nope', subscriptions: [{ type: 'EVENT', topic: '*' }] });
    assert.equal(wrong.status, 400);
    assert.equal((await json(wrong)).code, 'invalidClientIdOrSecret');
    const missing = await open({ accept: 'application/json' }, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret });
    assert.equal(missing.status, 400);
  });

  it('refuses a reused, expired or unknown ticket at the handshake with 401', async () => {
    const { endpoint, ticket } = await json(await open({ accept: 'application/json' }));
    const url = `${endpoint.replace('ws', 'http')}?ticket=${ticket}`;
    assert.equal(await handshakeStatus(url), 101);
    assert.equal(await handshakeStatus(url), 401, 'single use');
    assert.equal(await handshakeStatus(`${endpoint.replace('ws', 'http')}?ticket=nope`), 401);
    const late = await json(await open({ accept: 'application/json' }));
    r.clock.advance(90_001);
    assert.equal(await handshakeStatus(`${late.endpoint.replace('ws', 'http')}?ticket=${late.ticket}`), 401, 'expired after 90 s');
  });

  it('sends EVENT frames with string headers and camelCase data, and logs the ACK', async () => {
    const c = await client();
    await send('POST', `${r.base}${ORG}/users`, { userId: 'newbie', name: '新人', deptIdList: [4] });
    await send('PATCH', `${r.base}${ORG}/departments/4`, { name: 'Web' });
    const [user, dept] = await until(() => c.events().length === 2 && c.events(), 'two frames');
    assert.equal(user.specVersion, '1.0');
    assert.equal(user.headers.eventType, 'user_add_org');
    assert.equal(user.headers.eventCorpId, DEMO.corpId);
    assert.equal(user.headers.contentType, 'application/json');
    for (const k of ['messageId', 'eventId', 'eventBornTime', 'time', 'topic', 'appId', 'connectionId']) assert.equal(typeof user.headers[k], 'string', k);
    const data = JSON.parse(user.data);
    assert.deepEqual(data.userId, ['newbie']);
    assert.match(data.timeStamp, /^\d{13}$/);
    assert.deepEqual(JSON.parse(dept.data).deptId, [4]);
    const [conn] = await until(async () => { const l = await connections(); return l[0]?.acked === 2 && l; }, 'two acks');
    assert.equal(conn.state, 'open');
    assert.equal(conn.pending, 0);
    const log = (await json(await fetch(`${r.base}/test/apps/${DEMO.clientId}/events`))).events as any[];
    assert.deepEqual(log.map((e) => e.status), ['acked', 'acked']);
  });

  it('redelivers an unacknowledged or LATER event with the same messageId, and holds events until a connection opens', async () => {
    await send('PATCH', `${r.base}${ORG}/users/zhangsan`, { title: 'queued' });
    const c = await client();
    c.autoAck = false;
    const first = await until(() => c.events()[0], 'the queued event');
    c.ack(first.headers.messageId, 'LATER');
    const again = await until(() => c.events().length >= 2 && c.events(), 'redelivery after LATER');
    assert.equal(again[1].headers.messageId, first.headers.messageId);
    const third = await until(() => c.events().length >= 3 && c.events(), 'redelivery without ACK');
    assert.equal(third[2].headers.eventId, first.headers.eventId);
    c.ack(first.headers.messageId, 'SUCCESS');
    await until(async () => (await connections())[0]?.acked === 1, 'ack counted');
  });

  it('shares an app\'s events between its connections, each event to one of them', async () => {
    const a = await client();
    const b = await client();
    for (const u of ['zhangsan', 'lisi', 'wangwu', 'zhaoliu']) await send('PATCH', `${r.base}${ORG}/users/${u}`, { title: 't' });
    await until(() => a.events().length + b.events().length === 4, 'four frames');
    assert.equal(a.events().length, 2);
    assert.equal(b.events().length, 2);
  });

  it('pings with an opaque to echo, and closes a connection that stops answering', async () => {
    await send('PATCH', `${r.base}/test/events/config`, { streamPingIntervalMs: 30, streamMaxMissedPings: 2 });
    const good = await client();
    const silent = await client();
    silent.autoPong = false;
    const ping = await until(() => good.frames.find((f) => f.type === 'SYSTEM' && f.headers.topic === 'ping'), 'a ping');
    assert.equal(typeof JSON.parse(ping.data).opaque, 'string');
    await until(() => silent.closed, 'the silent connection closed');
    const conns = await connections();
    assert.ok(conns.find((c) => c.state === 'open')?.pingsAnswered >= 1);
    assert.equal(conns.find((c) => c.state === 'closed')?.closeReason, '2 pings unanswered');
  });

  it('disconnect sends SYSTEM disconnect with the reason, closes later, and pending events move to the next connection', async () => {
    const c = await client();
    const [conn] = await connections();
    const res = await send('POST', `${r.base}/test/stream/connections/${conn.id}/disconnect`, { reason: 'load balancing' });
    assert.equal(res.status, 200);
    const frame = await until(() => c.frames.find((f) => f.headers.topic === 'disconnect'), 'disconnect frame');
    assert.equal(frame.type, 'SYSTEM');
    assert.deepEqual(JSON.parse(frame.data), { reason: 'load balancing' });
    assert.equal('messageId' in frame.headers, false);
    await until(() => c.closed, 'closed after the delay');
    await send('PATCH', `${r.base}${ORG}/users/lisi`, { title: 'after' });
    const next = await client();
    await until(() => next.events().length === 1, 'the event on the new connection');
    assert.equal((await send('POST', `${r.base}/test/stream/connections/nope/disconnect`, {})).status, 404);
  });

  it('chaos duplicate: the event comes again after it was acknowledged', async () => {
    const c = await client();
    await send('PUT', `${r.base}/test/events/chaos`, { duplicate: 1 });
    await send('PATCH', `${r.base}${ORG}/users/lisi`, { title: 'x' });
    const [a, b] = await until(() => c.events().length === 2 && c.events(), 'the duplicate');
    assert.equal(a.headers.messageId, b.headers.messageId);
    assert.equal(a.headers.eventId, b.headers.eventId);
  });
});
