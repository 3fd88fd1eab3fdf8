/** Builds the DingTalk connector for a stored source, with its app-token cache shared by all nodes. */
import type { Db } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { createDingTalkClient, nodeTransport, type DingTalkClient } from '../connectors/dingtalk/index.ts';
import type { AppTokenCache, DingTalkLogger, FetchLike } from '../connectors/dingtalk/types.ts';
import { invalid, PorticoError } from '../errors.ts';
import type { SourcePolicy } from './registry.ts';
import { loadSourceConfig } from './source-store.ts';
import { foreignDingTalkEndpoint, type DingTalkConfig } from './types/dingtalk.ts';
import type { PorticoMetrics } from '../metrics/portico.ts';
import { meteredDingTalkFetch, meteredDingTalkLogger } from '../metrics/dingtalk-fetch.ts';

export interface DingTalkDeps {
  db: Db;
  /** The operator's rules (src/sources/registry.ts): a stored source that breaks them is not used. */
  policy: SourcePolicy;
  secretBox: SecretBox;
  shortLived: ShortLivedStore;
  logger?: DingTalkLogger;
  fetch?: FetchLike;
  /** When given, every DingTalk call is timed and its failures counted (GET /metrics). */
  metrics?: PorticoMetrics;
}

/**
 * DingTalk app tokens live 7200 s and are the same for every node (ref §5.2): cache them in shared state.
 * One cache object per store, so the connector's single-flight (keyed by cache object) also spans requests.
 */
const tokenCaches = new WeakMap<ShortLivedStore, AppTokenCache>();
function sharedTokenCache(shortLived: ShortLivedStore): AppTokenCache {
  let cache = tokenCaches.get(shortLived);
  if (cache) return cache;
  const key = (k: string) => `dingtalk-app-token:${k}`;
  cache = {
    get: (k) => shortLived.get(key(k)),
    set: (k, value) => shortLived.set(key(k), value, Math.max(1000, value.expiresAt - Date.now())),
    delete: (k) => shortLived.delete(key(k)),
  };
  tokenCaches.set(shortLived, cache);
  return cache;
}

function dingtalkClientFor(config: DingTalkConfig, deps: DingTalkDeps): DingTalkClient {
  return createDingTalkClient({
    appKey: config.appKey,
    appSecret: config.appSecret,
    endpoints: config.endpoints,
    timeoutMs: config.timeoutMs,
    tokenCache: sharedTokenCache(deps.shortLived),
    logger: deps.metrics ? meteredDingTalkLogger(deps.logger, deps.metrics) : deps.logger,
    fetch: deps.metrics ? meteredDingTalkFetch(deps.fetch ?? nodeTransport, deps.metrics) : deps.fetch,
  });
}

export async function loadDingTalkSource(deps: DingTalkDeps, sourceId: string) {
  const { row, config } = await loadSourceConfig<DingTalkConfig>(deps.db, deps.secretBox, sourceId);
  if (row.type !== 'dingtalk') throw invalid('source.not_dingtalk', 'This source is not a DingTalk source.');
  // Stored before the operator's switch was turned off (or written around the API): not trusted either.
  if (!deps.policy.allowCustomEndpoints && foreignDingTalkEndpoint(config.endpoints)) {
    throw new PorticoError('bad_gateway', 'dingtalk.misconfigured', "This DingTalk source points at servers other than DingTalk's, which this deployment does not allow.");
  }
  return { row, config, client: dingtalkClientFor(config, deps) };
}
