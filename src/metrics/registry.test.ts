import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, escapeLabelValue, MAX_SERIES_PER_METRIC, mergeSnapshots, monotonicPart, OVERFLOW_LABEL_VALUE, renderSnapshots } from './registry.ts';

test('a counter renders HELP, TYPE and one line per label combination', () => {
  const r = createRegistry();
  const c = r.counter('portico_things_total', 'Things done.', ['kind', 'outcome']);
  c.inc({ kind: 'a', outcome: 'success' });
  c.inc({ kind: 'a', outcome: 'success' }, 2);
  c.inc({ kind: 'b', outcome: 'failure' });
  assert.equal(
    r.render(),
    [
      '# HELP portico_things_total Things done.',
      '# TYPE portico_things_total counter',
      'portico_things_total{kind="a",outcome="success"} 3',
      'portico_things_total{kind="b",outcome="failure"} 1',
      '',
    ].join('\n'),
  );
  assert.equal(c.get({ kind: 'a', outcome: 'success' }), 3);
  assert.equal(c.get({ kind: 'z', outcome: 'success' }), 0);
});

test('a counter refuses to go down', () => {
  const c = createRegistry().counter('x_total', 'x', []);
  assert.throws(() => c.inc({}, -1), RangeError);
});

test('label values escape backslash, double quote and newline; HELP escapes backslash and newline', () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  const r = createRegistry();
  r.counter('odd_total', 'line one\nline "two" \\ three', ['v']).inc({ v: 'say "hi"\n\\' });
  const text = r.render();
  assert.match(text, /^# HELP odd_total line one\\nline "two" \\\\ three$/m);
  assert.match(text, /^odd_total\{v="say \\"hi\\"\\n\\\\"\} 1$/m);
});

test('a histogram counts each value once in its bucket and exposes the buckets cumulatively', () => {
  const r = createRegistry();
  const h = r.histogram('portico_wait_seconds', 'Waiting.', ['route'], [0.1, 0.5, 1]);
  for (const v of [0.05, 0.1, 0.3, 0.7, 3]) h.observe({ route: '/x' }, v);
  const lines = r.render().trim().split('\n');
  assert.deepEqual(lines, [
    '# HELP portico_wait_seconds Waiting.',
    '# TYPE portico_wait_seconds histogram',
    'portico_wait_seconds_bucket{route="/x",le="0.1"} 2',
    'portico_wait_seconds_bucket{route="/x",le="0.5"} 3',
    'portico_wait_seconds_bucket{route="/x",le="1"} 4',
    'portico_wait_seconds_bucket{route="/x",le="+Inf"} 5',
    'portico_wait_seconds_sum{route="/x"} 4.15',
    'portico_wait_seconds_count{route="/x"} 5',
  ]);
  assert.deepEqual(h.get({ route: '/x' }), { count: 5, sum: 4.15 });
});

test('histogram buckets must increase, and `le` is not a usable label', () => {
  const r = createRegistry();
  assert.throws(() => r.histogram('a_seconds', 'a', [], [1, 1]), TypeError);
  assert.throws(() => r.histogram('b_seconds', 'b', [], []), TypeError);
  assert.throws(() => r.histogram('c_seconds', 'c', ['le'], [1]), TypeError);
});

test('names are validated and a metric cannot be registered twice', () => {
  const r = createRegistry();
  assert.throws(() => r.counter('bad-name_total', 'x', []), TypeError);
  assert.throws(() => r.counter('ok_total', 'x', ['__reserved']), TypeError);
  r.counter('once_total', 'x', []);
  assert.throws(() => r.counter('once_total', 'x', []), TypeError);
});

test('a collected gauge is read at every render', () => {
  const r = createRegistry();
  let value = 1;
  r.collected('portico_level', 'Level.', () => value);
  assert.match(r.render(), /^portico_level 1$/m);
  value = Infinity;
  assert.match(r.render(), /^portico_level \+Inf$/m);
});

test('label combinations beyond the cap fold into one overflow series, keeping the total', () => {
  const r = createRegistry();
  const c = r.counter('many_total', 'x', ['id']);
  const extra = 5;
  for (let i = 0; i < MAX_SERIES_PER_METRIC + extra; i++) c.inc({ id: String(i) });
  const lines = r.render().split('\n').filter((l) => l.startsWith('many_total{'));
  assert.equal(lines.length, MAX_SERIES_PER_METRIC + 1);
  assert.equal(c.get({ id: OVERFLOW_LABEL_VALUE }), extra);
});

test('snapshots of several processes merge: series add up by labels, read values by their rule, and render as one', () => {
  const ra = createRegistry();
  const rb = createRegistry();
  for (const [r, values, rss, delay, started] of [[ra, [0.05, 0.5], 100, 0.02, 50], [rb, [2], 300, 0.05, 40]] as const) {
    const c = r.counter('portico_logins_total', 'Logins.', ['outcome']);
    const h = r.histogram('portico_wait_seconds', 'Waiting.', ['route'], [0.1, 1]);
    r.collected('process_resident_memory_bytes', 'RSS.', () => rss);
    r.collected('process_cpu_seconds_total', 'CPU.', () => rss / 100, 'counter');
    r.collected('delay_p99_seconds', 'Delay.', () => delay, 'gauge', 'max');
    r.collected('start_time_seconds', 'Start.', () => started, 'gauge', 'min');
    c.inc({ outcome: 'success' });
    for (const v of values) h.observe({ route: '/x' }, v);
  }
  rb.counter('other_total', 'Only in b.', ['outcome']).inc({ outcome: 'failure' });
  const text = renderSnapshots(mergeSnapshots([ra.snapshot(), rb.snapshot()]));
  assert.deepEqual(
    text.split('\n').filter((l) => /^portico_/.test(l)),
    [
      'portico_logins_total{outcome="success"} 2',
      'portico_wait_seconds_bucket{route="/x",le="0.1"} 1',
      'portico_wait_seconds_bucket{route="/x",le="1"} 2',
      'portico_wait_seconds_bucket{route="/x",le="+Inf"} 3',
      'portico_wait_seconds_sum{route="/x"} 2.55',
      'portico_wait_seconds_count{route="/x"} 3',
    ],
  );
  assert.match(text, /^process_resident_memory_bytes 400$/m, 'memory adds up');
  assert.match(text, /^process_cpu_seconds_total 4$/m);
  assert.match(text, /^delay_p99_seconds 0\.05$/m, 'the worst delay');
  assert.match(text, /^start_time_seconds 40$/m, 'the oldest start');
  assert.match(text, /^other_total\{outcome="failure"\} 1$/m, 'a family only one process has is kept');
  assert.equal(ra.render(), renderSnapshots(ra.snapshot()), 'a registry renders as its snapshot');
});

test('what outlives a dead process: its counters, histograms and counted values, not its gauges', () => {
  const r = createRegistry();
  r.counter('c_total', 'c', []).inc({});
  r.histogram('h_seconds', 'h', [], [1]).observe({}, 0.5);
  r.collected('cpu_seconds_total', 'cpu', () => 3, 'counter');
  r.collected('rss_bytes', 'rss', () => 100);
  assert.deepEqual(monotonicPart(r.snapshot()).map((f) => f.name), ['c_total', 'h_seconds', 'cpu_seconds_total']);
});
