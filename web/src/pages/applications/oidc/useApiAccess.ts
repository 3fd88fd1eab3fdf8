/** The registered APIs and what an application may be granted of them (nothing yet for a new application): read by its form and its page. */
import { api } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import type { Api, ApplicationApiAccess } from '../../../lib/types.ts';

const NO_ACCESS: ApplicationApiAccess = { applicationId: '', apis: [] };

/** `version` (the application's updatedAt) reads it again after the application changed. */
export function useApiAccess(applicationId: string | undefined, version?: string) {
  return useAsync(
    async () => ({
      apis: (await api<{ items: Api[] }>('GET', '/apis')).items,
      access: applicationId ? await api<ApplicationApiAccess>('GET', `/applications/${encodeURIComponent(applicationId)}/api-access`) : NO_ACCESS,
    }),
    [applicationId, version],
  );
}
