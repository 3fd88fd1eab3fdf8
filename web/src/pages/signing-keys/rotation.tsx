/**
 * What the OpenID Connect keys and the SAML certificate share on the Signing keys page: their states, and
 * the two-step rotation (publish the next key, activate it once those who cache keys hold it, or force
 * it) driven by POSTs under the list's path. Activating before the safe time needs an explicit force,
 * which the server also insists on.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Badge } from '../../components/States.tsx';

export type KeyState = 'next' | 'active' | 'retiring' | 'retired';

const STATE_BADGE = { next: 'info', active: 'ok', retiring: 'warn', retired: 'muted' } as const;

export function KeyStateCell({ state }: { state: KeyState }) {
  const { t } = useI18n();
  return (
    <td data-label={t('signingKeys.col.state')}>
      <Badge kind={STATE_BADGE[state]}>{t(`signingKeys.state.${state}`)}</Badge>
    </td>
  );
}

/** A time in a key's row (created, activated, retires…), under its column's label on a phone. */
export function TimeCell({ label, at }: { label: string; at: string | null }) {
  const { locale } = useI18n();
  return (
    <td data-label={label} className="nowrap">
      {formatDateTime(at, locale)}
    </td>
  );
}

interface KeyList<K> {
  items: K[];
  nextKeyMinPublishedSeconds: number;
}

/** The keys listed at `path`, their rotation's state and its calls; `Confirming` names the dialogs the page has. */
export function useKeyRotation<K extends { state: KeyState; createdAt: string }, L extends KeyList<K>, Confirming extends string>(path: string) {
  const { locale } = useI18n();
  const keys = useAsync(() => api<L>('GET', path), [path]);
  const [confirming, setConfirming] = useState<Confirming>();
  const { busy, error, run, clearError } = useAction();
  const items = keys.data?.items ?? [];
  const next = items.filter((k) => k.state === 'next');
  // The next keys were published together: activation is safe once the latest has been out long enough.
  const publishedAt = next.map((k) => k.createdAt).sort().at(-1);
  const safeAt = publishedAt && keys.data ? new Date(Date.parse(publishedAt) + keys.data.nextKeyMinPublishedSeconds * 1000) : undefined;
  return {
    keys,
    items,
    next,
    safe: safeAt !== undefined && safeAt.getTime() <= Date.now(),
    /** When activating is safe, as the page shows it. */
    when: safeAt ? formatDateTime(safeAt.toISOString(), locale) : '',
    confirming,
    setConfirming,
    busy,
    error,
    close() {
      setConfirming(undefined);
      clearError();
    },
    call: (action: string, body?: unknown) =>
      run(async () => {
        await api('POST', `${path}/${action}`, body);
        setConfirming(undefined);
        keys.reload();
      }),
  };
}
