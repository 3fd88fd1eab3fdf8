// Test support: a client wired to a fake fetch, a private token cache, and no retry pause, backoff pause or jitter.
import { MemoryAppTokenCache } from './app-token.ts';
import { createDingTalkClient, type DingTalkClient, type DingTalkClientOptions } from './client.ts';
import { fakeFetch, type FakeFetch, type Scripted } from './fake-fetch.ts';

export const TEST_APP_KEY = 'dingtestappkey01';
export const TEST_APP_SECRET = 'Sx9-test-app-secret-VALUE';

export function clientWith(script: Scripted[], opts: Partial<DingTalkClientOptions> = {}): { client: DingTalkClient; ff: FakeFetch } {
  const ff = fakeFetch(...script);
  const client = createDingTalkClient({
    appKey: TEST_APP_KEY,
    appSecret: TEST_APP_SECRET,
    fetch: ff.fetch,
    tokenCache: new MemoryAppTokenCache(),
    retryDelayMs: 0,
    sleep: async () => {},
    random: () => 0,
    ...opts,
  });
  return { client, ff };
}
