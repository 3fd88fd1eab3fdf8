/** The kinds of source, their forms and the operator's policy (GET /source-types). */
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { SourceTypesView } from '../../lib/types.ts';

export const useSourceTypes = () => useAsync(() => api<SourceTypesView>('GET', '/source-types'), []);
