/** Everything a route needs, built once at start-up (src/bootstrap/portico.ts) and handed to every folder's routes. */
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Store } from './store/database.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { ShortLivedStore } from './store/short-lived.ts';
import type { Lifecycle } from './http/lifecycle.ts';
import type { PorticoMetrics } from './metrics/portico.ts';

export interface AppContext {
  config: Config;
  store: Store;
  secretBox: SecretBox;
  /** Login transactions, codes, rate limits, sessions: SQL, or Redis when configured. */
  shortLived: ShortLivedStore;
  /** This node's Prometheus metrics (GET /metrics). */
  metrics: PorticoMetrics;
  /** Readiness checks and the draining flag set at shutdown. */
  lifecycle: Lifecycle;
  /** A key for one purpose, derived from the master key (HKDF-SHA256): the same on every node. */
  deriveKey(purpose: string): Buffer;
  /** Present when PORTICO_REDIS_URL is set; the OIDC provider keeps its state there too. */
  redis?: Redis;
}
