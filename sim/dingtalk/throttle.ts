// DingTalk-like throttling of the oapi org APIs (ref §1.10), off until the test API sets limits, and the
// per-path call counters a bench needs to compute what the quota allows.
//   per app per API path: over `perApiPerSecond` in one 1-second window → 90018 (the internal-app QPS limit)
//   per API path, all apps: over `globalPerSecond` in one window      → 90002 (W1's text)
// Windows are fixed seconds of the simulator clock. Refused calls do not use up the window (UNCONFIRMED:
// DingTalk's counters are not documented), so a well-behaved client gets exactly the limit per second.

export interface ThrottleConfig {
  perApiPerSecond?: number;
  globalPerSecond?: number;
}

export interface PathStats {
  calls: number;
  throttled: number;
  /** Of `throttled`: refused by the per-app limit (90018) and by the global one (90002). */
  throttledPerApp: number;
  throttledGlobal: number;
}

export interface Throttled {
  errcode: 90018 | 90002;
  errmsg: string;
}

interface Window {
  second: number;
  count: number;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export class Throttle {
  config: ThrottleConfig = {};
  readonly stats = new Map<string, PathStats>();
  private readonly perApp = new Map<string, Window>();
  private readonly global = new Map<string, Window>();

  setConfig(config: ThrottleConfig): void {
    this.config = { ...config };
    this.perApp.clear();
    this.global.clear();
  }

  reset(): void {
    this.setConfig({});
    this.stats.clear();
  }

  /** Counts the call; answers the refusal when a limit is exceeded, else undefined (and uses up one slot). */
  check(clientId: string, path: string, nowMs: number): Throttled | undefined {
    const s = this.stats.get(path) ?? { calls: 0, throttled: 0, throttledPerApp: 0, throttledGlobal: 0 };
    this.stats.set(path, s);
    s.calls++;
    const second = Math.floor(nowMs / 1000);
    const { perApiPerSecond, globalPerSecond } = this.config;
    const g = globalPerSecond === undefined ? undefined : this.window(this.global, path, second);
    const a = perApiPerSecond === undefined ? undefined : this.window(this.perApp, `${clientId}\u0000${path}`, second);
    if (g && globalPerSecond !== undefined && g.count >= globalPerSecond) {
      s.throttled++;
      s.throttledGlobal++;
      const from = second * 1000;
      return {
        errcode: 90002,
        errmsg: `您的服务器调用钉钉开放平台当前接口的所有请求都被暂时禁用了, apiPath(${path}), 从 ${stamp(from)} 到 ${stamp(from + 1000)} 请求总次数超过了 ${globalPerSecond} 次, 处罚将在 ${stamp(from + 1000)} 结束.`,
      };
    }
    if (a && perApiPerSecond !== undefined && a.count >= perApiPerSecond) {
      s.throttled++;
      s.throttledPerApp++;
      // The wording around the documented phrase is UNCONFIRMED (R: section 7.2 names only the code and the phrase).
      return { errcode: 90018, errmsg: `当前应用调用当前接口的频率超过了限制, apiPath(${path}), 每秒上限 ${perApiPerSecond} 次` };
    }
    if (g) g.count++;
    if (a) a.count++;
    return undefined;
  }

  private window(map: Map<string, Window>, k: string, second: number): Window {
    let w = map.get(k);
    if (!w || w.second !== second) {
      w = { second, count: 0 };
      map.set(k, w);
    }
    return w;
  }
}
