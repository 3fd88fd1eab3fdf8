import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { smsConfigFromEnv, type SmsConfig } from './sms/config.ts';
import { ConfigError } from './config-error.ts';
import { isLoopbackHost } from './loopback.ts';
import { LEASE_TTL_MS } from './jobs/leases.ts';
import { DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_LOGIN_EVENT_RETENTION_DAYS } from './audit/retention.ts';
import { DEFAULT_DIRECTORY_LIMITS as DEFAULT_DINGTALK_DIRECTORY_LIMITS } from './connectors/dingtalk/index.ts';
import { usableCores } from './cpu-quota.ts';

/** One validated configuration object, read from PORTICO_* environment variables and an optional JSON file. */
export interface Config {
  /** External base URL; also the OIDC issuer. No trailing slash. */
  publicUrl: string;
  host: string;
  port: number;
  /**
   * Worker processes serving the port (node:cluster), each a full node on the shared store; 1 runs one
   * process as before. Default: the cores this process may use, within a container's CPU quota.
   */
  workers: number;
  /** `sqlite:<path>` or `postgres://…` */
  databaseUrl: string;
  redisUrl?: string;
  dataDir: string;
  /** 32-byte key for AES-256-GCM secrets at rest; undefined → generated into dataDir on first start. */
  masterKey?: Buffer;
  adminPassword?: string;
  /** Demo mode starts the DingTalk simulator and seeds a demo organisation; loopback only (demoExposure below). */
  demo: boolean;
  /**
   * Whether a DingTalk source may point its API base URLs at servers other than DingTalk's own hosts
   * (the simulator, in development). An operator's decision, not an admin's: a source that believes
   * another server would sign in whomever that server names. Defaults to the demo mode's value.
   */
  dingtalkCustomEndpoints: boolean;
  simPort: number;
  /** Demo mode: where the simulator listens (default: PORTICO_HOST), e.g. 0.0.0.0 for a real phone to reach it. */
  simHost: string;
  /** Demo mode: the simulator address put in QR codes (default: where it listens), e.g. a LAN address for a real phone. */
  simPublicUrl?: string;
  /** Port of the demo application (demo mode only). */
  demoAppPort: number;
  /** Where browsers reach the demo application; its redirect URI is registered from this. */
  demoAppPublicUrl: string;
  /** Port of the demo CAS client, Campus Portal (demo mode only). */
  demoCasPort: number;
  /** Where browsers reach the demo CAS client; its service URL is registered from this. */
  demoCasPublicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* from a reverse proxy (needed for the client IP and https behind a load balancer). */
  trustProxy: boolean;
  /** Where verification codes go: console (development), Aliyun SMS, or a webhook. */
  sms: SmsConfig;
  /** When set, GET /metrics asks for `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** On SIGTERM, how long readiness answers 503 before the listener closes (load balancers notice). */
  drainDelayMs: number;
  /** On SIGTERM, how long in-flight requests may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Requests per second per DingTalk directory API a sync may send: the app's quota (DingTalk's default is about 20). */
  dingtalkDirectoryQps: number;
  /** How often each node's sync worker looks for queued runs, due reconciles and event streams to hold (src/sync/worker.ts). */
  syncTickMs: number;
  /** How long a node's hold on a sync job or event stream lasts unrenewed: the longest a dead node keeps it (src/jobs/leases.ts). */
  syncLeaseMs: number;
  /** How long login events and the other audit events are kept (src/audit/retention.ts), and how often the purge runs. */
  retention: { loginEventDays: number; auditDays: number; everyMs: number };
}


type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** A metrics token shorter than this is too easy to guess. */
const METRICS_TOKEN_MIN_LENGTH = 16;
const MAX_DRAIN_DELAY_MS = 10 * 60 * 1000;
/** Worker processes beyond this are a typo: each one is a whole node (~150 MB and its own connection pool). */
const MAX_WORKERS = 256;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
/** A queued sync starts, and a dead node's stream is taken over, within a tick plus the lease's life. */
const DEFAULT_SYNC_TICK_MS = 5_000;
/** The retention purge runs hourly: what it deletes is days old, and each run is batched. */
const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** A century: "keep for ever" in practice, while a typo of days stays visible. */
const MAX_RETENTION_DAYS = 36_500;
/** What a refused demo start tells the operator to do instead. */
const RUN_FOR_REAL = 'to run Portico for real, set PORTICO_DEMO=false, a PORTICO_PUBLIC_URL on https and PORTICO_METRICS_TOKEN (README: "Security")';

function readFileConfig(env: Env): Env {
  const file = env.PORTICO_CONFIG_FILE;
  if (!file) return {};
  if (!existsSync(file)) throw new ConfigError('PORTICO_CONFIG_FILE', `file ${file} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('PORTICO_CONFIG_FILE', `file ${file} is not valid JSON (${(error as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('PORTICO_CONFIG_FILE', 'must contain a JSON object of PORTICO_* keys');
  }
  const out: Env = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!key.startsWith('PORTICO_')) throw new ConfigError('PORTICO_CONFIG_FILE', `unknown key ${key}`);
    out[key] = value === null || value === undefined ? undefined : String(value);
  }
  return out;
}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(raw)}`);
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got ${JSON.stringify(raw)}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/**
 * Demo mode runs only on the machine it was started on. It serves every recent SMS code at /dev/sms
 * without authentication, starts a DingTalk simulator whose app secrets are published, and seeds users
 * with a known password: reachable from a network, any of these signs a stranger in. So demo mode is
 * refused unless both where Portico listens and where browsers reach it are loopback.
 *
 * Why demo mode may not run with this listen address and public URL, or undefined when both are
 * loopback. The public URL's host is read as browsers read it (`new URL`), so `http://127.1` counts as
 * 127.0.0.1 and `http://0x7f000001` too.
 */
function demoExposure(listenHost: string, publicUrl: string): string | undefined {
  if (!isLoopbackHost(listenHost)) return `PORTICO_HOST is ${listenHost}, not a loopback address`;
  const publicHost = new URL(publicUrl).hostname;
  if (!isLoopbackHost(publicHost)) return `PORTICO_PUBLIC_URL's host is ${publicHost}, not localhost or a loopback address`;
  return undefined;
}

/** Environment variables win over the file; the file wins over defaults. */
export function loadConfig(processEnv: Env = process.env): Config {
  const env: Env = { ...readFileConfig(processEnv), ...processEnv };
  const port = int('PORTICO_PORT', env.PORTICO_PORT, 3000, 0, 65535);
  const host = env.PORTICO_HOST || '127.0.0.1';
  const dataDir = path.resolve(env.PORTICO_DATA_DIR || './data');

  const publicUrl = url('PORTICO_PUBLIC_URL', env.PORTICO_PUBLIC_URL || `http://localhost:${port}`, [
    'http:',
    'https:',
  ]).replace(/\/+$/, '');

  let databaseUrl = env.PORTICO_DATABASE_URL || `sqlite:${path.join(dataDir, 'portico.sqlite')}`;
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    url('PORTICO_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  } else if (databaseUrl.startsWith('sqlite:')) {
    if (databaseUrl.length === 'sqlite:'.length) throw new ConfigError('PORTICO_DATABASE_URL', 'sqlite: needs a file path');
  } else {
    throw new ConfigError('PORTICO_DATABASE_URL', 'must start with sqlite: or postgres://');
  }

  const redisUrl = env.PORTICO_REDIS_URL ? url('PORTICO_REDIS_URL', env.PORTICO_REDIS_URL, ['redis:', 'rediss:']) : undefined;

  let masterKey: Buffer | undefined;
  if (env.PORTICO_MASTER_KEY) {
    masterKey = Buffer.from(env.PORTICO_MASTER_KEY, 'base64');
    if (masterKey.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(env.PORTICO_MASTER_KEY)) {
      throw new ConfigError('PORTICO_MASTER_KEY', 'must be 32 bytes in base64 (generate one with: openssl rand -base64 32)');
    }
  }

  const adminPassword = env.PORTICO_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('PORTICO_ADMIN_PASSWORD', 'must be at least 12 characters');
  }

  const logLevel = (env.PORTICO_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('PORTICO_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const metricsToken = env.PORTICO_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && (metricsToken.length < METRICS_TOKEN_MIN_LENGTH || /\s/.test(metricsToken))) {
    throw new ConfigError('PORTICO_METRICS_TOKEN', `must be at least ${METRICS_TOKEN_MIN_LENGTH} characters without spaces (e.g. openssl rand -hex 24)`);
  }

  // By default the demo's applications sit beside Portico: same scheme and host, each its own port.
  const beside = (name: string, given: string | undefined, port: number) =>
    url(name, given || `${new URL(publicUrl).protocol}//${new URL(publicUrl).hostname}:${port}`, ['http:', 'https:']).replace(/\/+$/, '');
  const demoAppPort = int('PORTICO_DEMO_APP_PORT', env.PORTICO_DEMO_APP_PORT, 3002, 0, 65535);
  const demoAppPublicUrl = beside('PORTICO_DEMO_APP_PUBLIC_URL', env.PORTICO_DEMO_APP_PUBLIC_URL, demoAppPort);
  const demoCasPort = int('PORTICO_DEMO_CAS_PORT', env.PORTICO_DEMO_CAS_PORT, 3003, 0, 65535);
  const demoCasPublicUrl = beside('PORTICO_DEMO_CAS_PUBLIC_URL', env.PORTICO_DEMO_CAS_PUBLIC_URL, demoCasPort);

  const isPostgres = !databaseUrl.startsWith('sqlite:');
  // Demo data and the simulator belong to the embedded setup, not to a production cluster.
  const demo = bool('PORTICO_DEMO', env.PORTICO_DEMO, !isPostgres);
  const exposure = demo ? demoExposure(host, publicUrl) : undefined;
  if (exposure) {
    throw new ConfigError(
      'PORTICO_DEMO',
      `demo mode runs only on loopback, and ${exposure}. Demo mode shows every SMS code at /dev/sms without sign-in, ` +
        `runs a DingTalk simulator whose secrets are public and seeds users with a known password. ` +
        `For the demo keep PORTICO_HOST=127.0.0.1 and PORTICO_PUBLIC_URL on localhost (a phone on your network still reaches ` +
        `the simulator through PORTICO_SIM_HOST and PORTICO_SIM_PUBLIC_URL); ${RUN_FOR_REAL}.`,
    );
  }
  const simHost = env.PORTICO_SIM_HOST || host;
  const simPublicUrl = env.PORTICO_SIM_PUBLIC_URL
    ? url('PORTICO_SIM_PUBLIC_URL', env.PORTICO_SIM_PUBLIC_URL, ['http:', 'https:']).replace(/\/+$/, '')
    : undefined;
  // A phone cannot reach a simulator that listens on loopback: say so now rather than show a QR code that fails.
  if (demo && simPublicUrl && !isLoopbackHost(new URL(simPublicUrl).hostname) && isLoopbackHost(simHost)) {
    throw new ConfigError(
      'PORTICO_SIM_HOST',
      `PORTICO_SIM_PUBLIC_URL is ${simPublicUrl} but the simulator listens on ${simHost}: set PORTICO_SIM_HOST=0.0.0.0 (or that address) so a phone on your network reaches it`,
    );
  }

  const syncTickMs = int('PORTICO_SYNC_TICK_MS', env.PORTICO_SYNC_TICK_MS, DEFAULT_SYNC_TICK_MS, 50, 60_000);
  const syncLeaseMs = int('PORTICO_SYNC_LEASE_MS', env.PORTICO_SYNC_LEASE_MS, LEASE_TTL_MS, 1_000, 300_000);
  // The worker renews a stream's lease once a tick: at least three ticks per lease, or a live holder could lose it.
  if (syncTickMs * 3 > syncLeaseMs) {
    throw new ConfigError('PORTICO_SYNC_TICK_MS', `must be at most a third of PORTICO_SYNC_LEASE_MS (${syncLeaseMs} ms)`);
  }

  return {
    publicUrl,
    host,
    port,
    workers: int('PORTICO_WORKERS', env.PORTICO_WORKERS, usableCores(), 1, MAX_WORKERS),
    databaseUrl,
    redisUrl,
    dataDir,
    masterKey,
    adminPassword,
    demo,
    // Only demo mode's own source points at the simulator; a real deployment talks to DingTalk alone.
    dingtalkCustomEndpoints: bool('PORTICO_DINGTALK_CUSTOM_ENDPOINTS', env.PORTICO_DINGTALK_CUSTOM_ENDPOINTS, demo),
    simPort: int('PORTICO_SIM_PORT', env.PORTICO_SIM_PORT, 3001, 0, 65535),
    simHost,
    simPublicUrl,
    demoAppPort,
    demoAppPublicUrl,
    demoCasPort,
    demoCasPublicUrl,
    logLevel,
    trustProxy: bool('PORTICO_TRUST_PROXY', env.PORTICO_TRUST_PROXY, false),
    sms: smsConfigFromEnv(env),
    metricsToken,
    drainDelayMs: int('PORTICO_DRAIN_DELAY_MS', env.PORTICO_DRAIN_DELAY_MS, 0, 0, MAX_DRAIN_DELAY_MS),
    syncTickMs,
    syncLeaseMs,
    retention: {
      loginEventDays: int('PORTICO_LOGIN_EVENT_RETENTION_DAYS', env.PORTICO_LOGIN_EVENT_RETENTION_DAYS, DEFAULT_LOGIN_EVENT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
      auditDays: int('PORTICO_AUDIT_RETENTION_DAYS', env.PORTICO_AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS),
      everyMs: int('PORTICO_RETENTION_INTERVAL_MS', env.PORTICO_RETENTION_INTERVAL_MS, DEFAULT_RETENTION_INTERVAL_MS, 1_000, 24 * 60 * 60 * 1000),
    },
    dingtalkDirectoryQps: int('PORTICO_DINGTALK_DIRECTORY_QPS', env.PORTICO_DINGTALK_DIRECTORY_QPS, DEFAULT_DINGTALK_DIRECTORY_LIMITS.perSecond, 1, 10_000),
    shutdownTimeoutMs: int('PORTICO_SHUTDOWN_TIMEOUT_MS', env.PORTICO_SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS, 1, MAX_DRAIN_DELAY_MS),
  };
}
