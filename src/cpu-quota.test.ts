import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupCpuLimit, cpusOfCfs, cpusOfCpuMax, usableCores } from './cpu-quota.ts';

const files = (entries: Record<string, string>) => (file: string) => entries[file];

test('cgroup v2 cpu.max: "max" is no limit, a quota is rounded up to whole CPUs', () => {
  assert.equal(cpusOfCpuMax('max 100000\n'), undefined);
  assert.equal(cpusOfCpuMax('200000 100000\n'), 2);
  assert.equal(cpusOfCpuMax('150000 100000'), 2);
  assert.equal(cpusOfCpuMax('50000 100000'), 1);
  assert.equal(cpusOfCpuMax('garbage'), undefined);
});

test('cgroup v1: -1 is no quota, a quota is rounded up', () => {
  assert.equal(cpusOfCfs('-1\n', '100000\n'), undefined);
  assert.equal(cpusOfCfs('300000\n', '100000\n'), 3);
  assert.equal(cpusOfCfs('25000', '100000'), 1);
});

test('v2 inside a container (cgroup namespace: "0::/"): the mount top cpu.max is the container`s', () => {
  const read = files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '200000 100000\n' });
  assert.equal(cgroupCpuLimit(read), 2);
  assert.equal(usableCores(read, 64), 2);
  assert.equal(usableCores(read, 1), 1, 'never more than the cores the process may run on');
});

test('v2 without a namespace: the tightest of the cgroup and its parents', () => {
  const read = files({
    '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
    '/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max': 'max 100000',
    '/sys/fs/cgroup/kubepods/pod1/cpu.max': '400000 100000',
    '/sys/fs/cgroup/kubepods/cpu.max': 'max 100000',
  });
  assert.equal(cgroupCpuLimit(read), 4);
});

test('v1: cpu,cpuacct hierarchy with a quota; none at all leaves the core count', () => {
  const v1 = files({
    '/proc/self/cgroup': '4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n',
    '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '150000\n',
    '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
  });
  assert.equal(cgroupCpuLimit(v1), 2);
  const none = files({ '/proc/self/cgroup': '1:cpu:/\n', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' });
  assert.equal(cgroupCpuLimit(none), undefined);
  assert.equal(usableCores(none, 8), 8);
  assert.equal(usableCores(files({}), 3), 3, 'no cgroup file system (not Linux): the core count');
});
