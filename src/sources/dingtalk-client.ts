/** Builds the DingTalk connector for a stored source, with its app-token cache shared by all nodes. */
import type { Db } from '../store/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { ShortLivedStore } from '../store/short-lived.ts';
import { createDingTalkClient, type DingTalkClient } from '../connectors/dingtalk/index.ts';
import type { AppTokenCache } from '../connectors/dingtalk/types.ts';
import { invalid } from '../errors.ts';
import { loadSourceConfig } from './source-store.ts';
import type { DingTalkConfig } from './types/dingtalk.ts';

export interface DingTalkDeps {
  db: Db;
  secretBox: SecretBox;
  shortLived: ShortLivedStore;
  logger?: { debug(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  fetch?: typeof fetch;
}

/** DingTalk app tokens live 7200 s and are the same for every node (ref §5.2): cache them in shared state. */
function sharedTokenCache(shortLived: ShortLivedStore): AppTokenCache {
  const key = (k: string) => `dingtalk-app-token:${k}`;
  return {
    get: (k) => shortLived.get(key(k)),
    set: (k, value) => shortLived.set(key(k), value, Math.max(1000, value.expiresAt - Date.now())),
    delete: (k) => shortLived.delete(key(k)),
  };
}

export function dingtalkClientFor(config: DingTalkConfig, deps: DingTalkDeps): DingTalkClient {
  return createDingTalkClient({
    appKey: config.appKey,
    appSecret: config.appSecret,
    endpoints: config.endpoints,
    timeoutMs: config.timeoutMs,
    tokenCache: sharedTokenCache(deps.shortLived),
    logger: deps.logger as never,
    fetch: deps.fetch,
  });
}

export async function loadDingTalkSource(deps: DingTalkDeps, sourceId: string) {
  const { row, config } = await loadSourceConfig<DingTalkConfig>(deps.db, deps.secretBox, sourceId);
  if (row.type !== 'dingtalk') throw invalid('source.not_dingtalk', 'This source is not a DingTalk source.');
  return { row, config, client: dingtalkClientFor(config, deps) };
}
