/** Directory sync's states as badges: a run's status, the Stream connection, an event's outcome. */
import type { StreamStatus, SyncEvent, SyncRunStatus } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge } from '../../components/States.tsx';

const RUN = { queued: 'muted', running: 'info', planned: 'info', awaiting_confirmation: 'warn', succeeded: 'ok', failed: 'bad', superseded: 'muted' } as const;
const STREAM = { connected: 'ok', connecting: 'info', disconnected: 'bad', off: 'muted' } as const;
const EVENT = { applied: 'ok', duplicate: 'muted', ignored: 'muted', failed: 'bad' } as const;

export function RunStatusBadge({ status }: { status: SyncRunStatus }) {
  const { t } = useI18n();
  return <Badge kind={RUN[status]}>{t(`syncRun.status.${status}`)}</Badge>;
}

export function StreamBadge({ state }: { state: StreamStatus['state'] }) {
  const { t } = useI18n();
  return <Badge kind={STREAM[state]}>{t(`idSource.stream.${state}`)}</Badge>;
}

export function EventStatusBadge({ status }: { status: SyncEvent['status'] }) {
  const { t } = useI18n();
  return <Badge kind={EVENT[status]}>{t(`idSource.event.status.${status}`)}</Badge>;
}
