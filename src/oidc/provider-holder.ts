/**
 * oidc-provider takes its keys once, when it is built. This keeps the current provider and builds a
 * new one when the published key set changes: at once after a rotation on this node, and within
 * KEYSET_REFRESH_MS of a rotation on another. In-flight requests finish on the provider they began on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWKS, Provider } from 'oidc-provider';
import { keysGeneration } from './signing-keys.ts';
import { KEYSET_REFRESH_MS } from './policy.ts';

export interface CurrentProvider {
  provider: Provider;
  callback: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface ProviderHolder {
  current(): Promise<CurrentProvider>;
}

export async function createProviderHolder(o: {
  build: (jwks: JWKS) => Provider;
  loadKeys: () => Promise<JWKS>;
  keyIds: () => Promise<string>;
}): Promise<ProviderHolder> {
  const make = async (): Promise<CurrentProvider & { ids: string }> => {
    // The ids say each key's state too (an activation changes no kid); read first, so that a change
    // made while the keys load is seen at the next check rather than missed.
    const ids = await o.keyIds();
    const provider = o.build(await o.loadKeys());
    return { provider, callback: provider.callback() as CurrentProvider['callback'], ids };
  };

  let state = await make();
  let checkedAt = Date.now();
  let seenGeneration = keysGeneration();
  let refreshing: Promise<void> | undefined;

  const refresh = async () => {
    const generation = keysGeneration();
    if ((await o.keyIds()) !== state.ids) state = await make();
    checkedAt = Date.now();
    seenGeneration = generation;
  };

  return {
    async current() {
      if (keysGeneration() !== seenGeneration || Date.now() - checkedAt > KEYSET_REFRESH_MS) {
        // A failed check (the store briefly away) keeps the current keys; the next request tries again.
        refreshing ??= refresh()
          .catch(() => {})
          .finally(() => (refreshing = undefined));
        await refreshing;
      }
      return state;
    },
  };
}
