/**
 * What a type builds from a source's configuration (a connector, an IdP's discovered metadata), kept
 * per source and node and built again when the configuration it was built from changes: every request
 * reads the stored source, so a change made on another node is seen at once. A cache, never state
 * another node needs. A promise that fails is forgotten, so the next request tries again.
 */
import { createHash } from 'node:crypto';

interface Entry<T> {
  fingerprint: string;
  value: T;
  until: number;
}

export function perSource<C, T>(o: { fingerprint: (config: C) => unknown; build: (sourceId: string, config: C) => T; ttlMs?: number }) {
  // Per scope (a node's shared store), so two nodes in one process (the tests) never share a value.
  const scopes = new WeakMap<object, Map<string, Entry<T>>>();
  return (scope: object, sourceId: string, config: C): T => {
    let bySource = scopes.get(scope);
    if (!bySource) scopes.set(scope, (bySource = new Map()));
    const fingerprint = createHash('sha256').update(JSON.stringify(o.fingerprint(config))).digest('base64url');
    const known = bySource.get(sourceId);
    if (known?.fingerprint === fingerprint && known.until > Date.now()) return known.value;
    const entry: Entry<T> = { fingerprint, value: o.build(sourceId, config), until: Date.now() + (o.ttlMs ?? Infinity) };
    bySource.set(sourceId, entry);
    if (entry.value instanceof Promise) {
      entry.value.catch(() => {
        if (bySource.get(sourceId) === entry) bySource.delete(sourceId);
      });
    }
    return entry.value;
  };
}
