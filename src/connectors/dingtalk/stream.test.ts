// Stream client against a tiny local WebSocket server (ws, test only): ticket request, ACKs, ping, reconnects, stop().
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { createConnectorContext } from './context.ts';
import { DingTalkError } from './errors.ts';
import { fakeFetch } from './fake-fetch.ts';
import { createStreamClient, openStreamConnection, type StreamClientOptions, type StreamState, type StreamStateDetail } from './stream.ts';
import type { StreamEvent } from './stream-frames.ts';
import { TEST_APP_KEY, TEST_APP_SECRET } from './testing-client.ts';
import type { FetchLike } from './types.ts';

test('openStreamConnection: POST api/v1.0/gateway/connections/open with Accept and the EVENT * subscription', async () => {
  const ff = fakeFetch({ json: { endpoint: 'wss://wss-open-connection.dingtalk.com:443/connect', ticket: '7724109a-ea43' } });
  const ctx = createConnectorContext({ appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET, fetch: ff.fetch });
  assert.deepEqual(await openStreamConnection(ctx), { endpoint: 'wss://wss-open-connection.dingtalk.com:443/connect', ticket: '7724109a-ea43' });
  assert.deepEqual(ff.calls, [{
    method: 'POST',
    url: 'https://api.dingtalk.com/v1.0/gateway/connections/open',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: { clientId: TEST_APP_KEY, clientSecret: TEST_APP_SECRET, subscriptions: [{ type: 'EVENT', topic: '*' }], ua: 'portico/1' },
  }]);
});

test('openStreamConnection: bad credentials and answers without a ws endpoint are typed errors', async () => {
  const ff = fakeFetch(
    { status: 400, json: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } },
    { json: { endpoint: 'https://not-a-socket', ticket: 't' } },
    { json: { endpoint: 'wss://x/connect' } },
  );
  const ctx = createConnectorContext({ appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET, fetch: ff.fetch });
  const is = (code: string) => (e: unknown) => e instanceof DingTalkError && e.code === code;
  await assert.rejects(openStreamConnection(ctx), is('dingtalk.invalid_client'));
  await assert.rejects(openStreamConnection(ctx), is('dingtalk.bad_response'));
  await assert.rejects(openStreamConnection(ctx), is('dingtalk.bad_response'));
});

/** A local stand-in for DingTalk's Stream gateway: hands out tickets and records every connection with its ticket. */
async function gateway(t: TestContext, opts: { refuseTickets?: Set<string>; openFailures?: number } = {}) {
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (info: { req: { url?: string } }) => !opts.refuseTickets?.has(new URL(info.req.url ?? '/', 'http://x').searchParams.get('ticket') ?? ''),
  });
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const connections: Array<{ socket: ServerSocket; ticket: string | null; received: unknown[] }> = [];
  server.on('connection', (socket, req) => {
    const conn = { socket, ticket: new URL(req.url ?? '/', 'http://x').searchParams.get('ticket'), received: [] as unknown[] };
    socket.on('message', (raw) => conn.received.push(JSON.parse(String(raw))));
    connections.push(conn);
  });
  const tickets: string[] = [];
  let failures = opts.openFailures ?? 0;
  const fetch: FetchLike = async () => {
    if (failures-- > 0) return new Response(JSON.stringify({ code: 'unknownError', message: 'x' }), { status: 500 });
    const ticket = `tick et+/${tickets.length + 1}=`; // needs encoding
    tickets.push(ticket);
    return new Response(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket }));
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const c of connections) c.socket.terminate();
    await new Promise((r) => server.close(r));
  };
  t.after(close);
  return { connections, tickets, fetch, close };
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function streamWith(t: TestContext, fetch: FetchLike, extra: Partial<StreamClientOptions> = {}) {
  const states: Array<[StreamState, StreamStateDetail]> = [];
  const events: StreamEvent[] = [];
  const slept: number[] = [];
  const client = createStreamClient({
    appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET, fetch, random: () => 0,
    sleep: async (ms) => void slept.push(ms),
    onEvent: async (e) => (events.push(e), 'SUCCESS'),
    onState: (s, d) => void states.push([s, d]),
    ...extra,
  });
  t.after(() => client.stop());
  return { client, states, events, slept };
}

const eventFrame = (messageId: string, data: string, times: string | number = '1683533823336') => JSON.stringify({
  specVersion: '1.0', type: 'EVENT',
  headers: {
    appId: 'app', connectionId: 'c1', topic: '*', messageId, contentType: 'application/json', time: times,
    eventType: 'user_add_org', eventId: `ev-${messageId}`, eventCorpId: 'dingcorp', eventBornTime: times, eventUnifiedAppId: 'u',
  },
  data,
});

test('connects with the URL-encoded ticket; an EVENT reaches onEvent parsed and is ACKed SUCCESS', async (t) => {
  const gw = await gateway(t);
  const { client, events, states } = streamWith(t, gw.fetch);
  client.start();
  await until(() => gw.connections.length === 1 && states.some(([s]) => s === 'connected'), 'a connection');
  assert.equal(gw.connections[0].ticket, 'tick et+/1=');
  gw.connections[0].socket.send(eventFrame('msg-1', '{"timeStamp":"1685501863357","userId":["015xxxx227"]}'));
  gw.connections[0].socket.send(eventFrame('msg-2', '{"timeStamp":1,"deptId":[581208264, "7"],"optStaffId":"m1"}', 1683533823337));
  await until(() => gw.connections[0].received.length === 2, 'two ACKs');
  assert.deepEqual(events, [
    { messageId: 'msg-1', eventId: 'ev-msg-1', eventType: 'user_add_org', corpId: 'dingcorp', bornAt: 1683533823336,
      data: { timeStamp: '1685501863357', userId: ['015xxxx227'], deptId: [] } },
    { messageId: 'msg-2', eventId: 'ev-msg-2', eventType: 'user_add_org', corpId: 'dingcorp', bornAt: 1683533823337,
      data: { timeStamp: 1, deptId: ['581208264', '7'], userId: [], optStaffId: 'm1' } },
  ]);
  assert.deepEqual(gw.connections[0].received[0], {
    code: 200, headers: { contentType: 'application/json', messageId: 'msg-1' }, message: 'OK', data: '{"status":"SUCCESS","message":"success"}',
  });
  await client.stop();
  await gw.close();
});

test("an event whose handler says LATER or throws is ACKed LATER (DingTalk pushes it again)", async (t) => {
  const gw = await gateway(t);
  let n = 0;
  const { client } = streamWith(t, gw.fetch, {
    onEvent: async () => {
      if (n++ === 0) return 'LATER';
      throw new Error('database down');
    },
  });
  client.start();
  await until(() => gw.connections.length === 1, 'a connection');
  gw.connections[0].socket.send(eventFrame('m1', '{"userId":["a"]}'));
  gw.connections[0].socket.send(eventFrame('m2', '{"userId":["b"]}'));
  await until(() => gw.connections[0].received.length === 2, 'two ACKs');
  for (const ack of gw.connections[0].received as Array<{ data: string; headers: { messageId: string } }>) {
    assert.deepEqual(JSON.parse(ack.data), { status: 'LATER', message: 'later' });
  }
  await client.stop();
  await gw.close();
});

test('SYSTEM ping is answered with the same opaque data; unknown SYSTEM topics are ignored', async (t) => {
  const gw = await gateway(t);
  const { client } = streamWith(t, gw.fetch);
  client.start();
  await until(() => gw.connections.length === 1, 'a connection');
  const sock = gw.connections[0].socket;
  sock.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'KEEPALIVE', messageId: 'k1' }, data: '{}' }));
  sock.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { contentType: 'application/json', messageId: 'p-1', time: '1', topic: 'ping' }, data: '{"opaque":"4f1c-opaque"}' }));
  await until(() => gw.connections[0].received.length === 1, 'the ping reply');
  assert.deepEqual(gw.connections[0].received, [{
    code: 200, headers: { contentType: 'application/json', messageId: 'p-1' }, message: 'OK', data: '{"opaque":"4f1c-opaque"}',
  }]);
  await client.stop();
  await gw.close();
});

test('SYSTEM disconnect: the client closes and reconnects at once with a NEW ticket', async (t) => {
  const gw = await gateway(t);
  const { client, states, slept } = streamWith(t, gw.fetch);
  client.start();
  await until(() => gw.connections.length === 1, 'a connection');
  gw.connections[0].socket.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect' }, data: '{"reason":"connection is expired"}' }));
  await until(() => gw.connections.length === 2, 'a second connection');
  await until(() => gw.connections[0].socket.readyState === gw.connections[0].socket.CLOSED, 'the old socket closed');
  assert.deepEqual(gw.connections.map((c) => c.ticket), ['tick et+/1=', 'tick et+/2=']);
  assert.deepEqual(slept, []);
  assert.ok(states.some(([s, d]) => s === 'disconnected' && d.reason === 'server_disconnect' && d.retryInMs === 0));
  await client.stop();
  await gw.close();
});

test('a dropped connection reconnects with a fresh ticket after a backoff; the attempt count resets once frames arrive', async (t) => {
  const gw = await gateway(t);
  const { client, states, slept } = streamWith(t, gw.fetch, { random: () => 0.5 });
  client.start();
  await until(() => gw.connections.length === 1, 'a connection');
  gw.connections[0].socket.terminate();
  await until(() => gw.connections.length === 2, 'a second connection');
  gw.connections[1].socket.close(1011, 'bye');
  await until(() => gw.connections.length === 3, 'a third connection');
  // Each connection opened (attempt reset), so each drop waits the first step: 1 s + U(0, 1 s).
  assert.deepEqual(slept, [1500, 1500]);
  assert.deepEqual(gw.connections.map((c) => c.ticket), ['tick et+/1=', 'tick et+/2=', 'tick et+/3=']);
  const drops = states.filter(([s]) => s === 'disconnected').map(([, d]) => d);
  assert.equal(drops[1].closeCode, 1011);
  assert.equal(drops[1].reason, 'closed');
  await client.stop();
  await gw.close();
});

test('failures back off 1 s, 2 s, 4 s…; a refused handshake and a failed ticket request both fetch a new ticket next time', async (t) => {
  const gw = await gateway(t, { openFailures: 1, refuseTickets: new Set(['tick et+/1=', 'tick et+/2=']) });
  const { client, states, slept } = streamWith(t, gw.fetch);
  client.start();
  // The server sees the connection before the client's open event: wait for the client's side.
  await until(() => gw.connections.length === 1 && states.some(([s]) => s === 'connected'), 'a connection');
  assert.deepEqual(gw.tickets, ['tick et+/1=', 'tick et+/2=', 'tick et+/3=']);
  assert.equal(gw.connections[0].ticket, 'tick et+/3=');
  assert.deepEqual(slept, [1000, 2000, 4000]);
  const seq = states.map(([s, d]) => `${s}${d.reason ? `:${d.reason}` : ''}${d.code ? `:${d.code}` : ''}`);
  assert.deepEqual(seq, [
    'connecting', 'disconnected:open_failed:dingtalk.unavailable',
    'connecting', 'disconnected:error', 'connecting', 'disconnected:error',
    'connecting', 'connected',
  ]);
  // No secret and no ticket in any state detail.
  const text = JSON.stringify(states);
  assert.ok(!text.includes(TEST_APP_SECRET) && !text.includes('tick'));
  await client.stop();
  await gw.close();
});

test('stop() closes the connection, reports stopped and never reconnects', async (t) => {
  const gw = await gateway(t);
  const { client, states } = streamWith(t, gw.fetch);
  client.start();
  client.start(); // no second loop
  await until(() => gw.connections.length === 1, 'a connection');
  await client.stop();
  await until(() => gw.connections[0].socket.readyState === gw.connections[0].socket.CLOSED, 'the server side closed');
  assert.deepEqual(states.at(-1), ['disconnected', { reason: 'stopped' }]);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(gw.connections.length, 1);
  assert.equal(gw.tickets.length, 1);
  await client.stop(); // idempotent
  await gw.close();
});

test('stop() during a real reconnect pause returns at once and leaves no timer (the test process exits)', async (t) => {
  const gw = await gateway(t, { openFailures: 100 });
  const states: StreamState[] = [];
  const client = createStreamClient({
    appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET, fetch: gw.fetch, onEvent: async () => 'SUCCESS', onState: (s) => void states.push(s),
  });
  t.after(() => client.stop());
  client.start();
  await until(() => states.includes('disconnected'), 'the first failure');
  const started = Date.now();
  await client.stop();
  assert.ok(Date.now() - started < 500);
  await gw.close();
});

test('a silent connection is replaced after idleTimeoutMs', async (t) => {
  const gw = await gateway(t);
  const { client, states } = streamWith(t, gw.fetch, { idleTimeoutMs: 60 });
  client.start();
  await until(() => gw.connections.length === 2, 'a replacement connection');
  assert.ok(states.some(([s, d]) => s === 'disconnected' && d.reason === 'idle'));
  await client.stop();
  await gw.close();
});
