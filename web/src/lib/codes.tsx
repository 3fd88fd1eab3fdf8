/**
 * The server's words for its codes (errors, audit reasons and actions) and its source types' names, in
 * both languages (GET /codes): loaded once for the signed-in console, so that it names what the server
 * records, a source type it was never told of included, without a catalog of its own.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { api } from './api.ts';
import { useAsync } from './useAsync.ts';
import type { CodesView } from './types.ts';

/** Before signing in, or if the words could not be loaded: codes are shown as they are. */
const NONE: CodesView = { codes: {}, sourceTypes: {} };

const Context = createContext<CodesView>(NONE);

/** Shows `fallback` until the words are loaded, so that no page shows a raw code first and then its words. */
export function CodesProvider({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const loaded = useAsync(() => api<CodesView>('GET', '/codes'), []);
  if (loaded.loading && !loaded.data) return fallback;
  return <Context.Provider value={loaded.data ?? NONE}>{children}</Context.Provider>;
}

export const useCodes = (): CodesView => useContext(Context);
