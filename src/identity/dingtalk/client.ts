/**
 * The DingTalk connector for a source's configuration, built once per source and node (../per-source.ts).
 * App tokens are cached in the shared store (ref §5.2: 7200 s, the same for every node).
 */
import { createDingTalkClient, nodeTransport, type DingTalkClient } from '../../connectors/dingtalk/index.ts';
import type { AppTokenCache } from '../../connectors/dingtalk/types.ts';
import { fail } from './codes.ts';
import type { ShortLivedStore } from '../../store/short-lived.ts';
import { meteredDingTalkFetch, meteredDingTalkLogger } from '../../metrics/dingtalk-fetch.ts';
import type { ExternalDeps } from '../types.ts';
import { perSource } from '../per-source.ts';
import { foreignDingTalkEndpoint, type DingTalkConfig } from './config.ts';

/** Per shared store, so the connector's single-flight (keyed by cache object) spans requests. */
const tokenCaches = new WeakMap<ShortLivedStore, AppTokenCache>();
export function sharedTokenCache(shortLived: ShortLivedStore): AppTokenCache {
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

const clientFor = perSource<DingTalkConfig & { deps: ExternalDeps }, DingTalkClient>({
  fingerprint: (c) => [c.appKey, c.appSecret, c.endpoints, c.timeoutMs],
  build: (_sourceId, { deps, ...config }) =>
    createDingTalkClient({
      appKey: config.appKey,
      appSecret: config.appSecret,
      endpoints: config.endpoints,
      timeoutMs: config.timeoutMs,
      tokenCache: sharedTokenCache(deps.shortLived),
      logger: deps.metrics ? meteredDingTalkLogger(deps.logger, deps.metrics) : deps.logger,
      fetch: deps.metrics ? meteredDingTalkFetch(nodeTransport, deps.metrics) : undefined,
    }),
});

export function dingtalkClient(sourceId: string, config: DingTalkConfig, deps: ExternalDeps): DingTalkClient {
  // Stored before the operator's switch was turned off (or written around the API): not trusted either.
  if (!deps.policy.allowCustomEndpoints && foreignDingTalkEndpoint(config.endpoints)) {
    throw fail('dingtalk.misconfigured', "This DingTalk source points at servers other than DingTalk's, which this deployment does not allow.");
  }
  return clientFor(deps.shortLived, sourceId, { ...config, deps });
}
