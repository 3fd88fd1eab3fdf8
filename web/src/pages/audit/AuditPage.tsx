/** Audit: every admin change and login step, filterable by category, action, outcome and dates, and exported as JSON Lines with those filters. */
import { Fragment, useEffect, useState } from 'react';
import { api, query } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { AuditEvent, Page } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/States.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { AuditChange } from './AuditChange.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';

const PAGE_SIZE = 25;
/** A date input's day at the viewer's midnight, as the ISO instant the API filters with. */
const dayStart = (day: string, plusDays = 0) => {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
};

export function AuditPage() {
  const { t, maybe, locale } = useI18n();
  const labels = useLabels();
  const [category, setCategory] = useState('');
  const [actionInput, setActionInput] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number>();
  const filters = { category, action, outcome, from: dayStart(from), to: dayStart(to, 1) };
  const events = useAsync(() => api<Page<AuditEvent>>('GET', `/audit-events${query({ ...filters, page, pageSize: PAGE_SIZE })}`), [category, action, outcome, from, to, page]);

  // Only a changed action filter goes back to page 1 (on mount this must not undo a quick "Next").
  useEffect(() => {
    const next = actionInput.trim();
    if (next === action) return;
    const timer = window.setTimeout(() => {
      setAction(next);
      setPage(1);
    }, 400);
    return () => window.clearTimeout(timer);
  }, [actionInput, action]);
  /** A changed filter starts again at page 1. */
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setPage(1);
  };

  const items = events.data?.items ?? [];
  const filtered = Boolean(category || action || outcome || from || to);
  return (
    <div className="page">
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')}>
        <div className="header-actions">
          {/* A file download, not an API call: the filters shown, every page of them. */}
          <a className="btn" href={`/api/admin/v1/audit-events/export.jsonl${query(filters)}`} download title={t('audit.export.hint')}>
            {t('audit.export')}
          </a>
        </div>
      </PageHeader>
      <div className="toolbar wrap" role="search">
        <label className="inline">
          <span>{t('audit.category')}</span>
          <select value={category} onChange={(e) => filter(setCategory)(e.target.value)}>
            <option value="">{t('audit.all')}</option>
            <option value="admin">{t('audit.category.admin')}</option>
            <option value="login">{t('audit.category.login')}</option>
            <option value="user">{t('audit.category.user')}</option>
            <option value="security">{t('audit.category.security')}</option>
          </select>
        </label>
        <label className="inline">
          <span>{t('audit.action')}</span>
          <input value={actionInput} onChange={(e) => setActionInput(e.target.value)} placeholder="login.dingtalk" spellCheck={false} />
        </label>
        <label className="inline">
          <span>{t('audit.outcome')}</span>
          <select value={outcome} onChange={(e) => filter(setOutcome)(e.target.value)}>
            <option value="">{t('audit.all')}</option>
            <option value="success">{t('audit.outcome.success')}</option>
            <option value="failure">{t('audit.outcome.failure')}</option>
          </select>
        </label>
        <label className="inline">
          <span>{t('audit.from')}</span>
          <input type="date" value={from} max={to || undefined} onChange={(e) => filter(setFrom)(e.target.value)} />
        </label>
        <label className="inline">
          <span>{t('audit.to')}</span>
          <input type="date" value={to} min={from || undefined} onChange={(e) => filter(setTo)(e.target.value)} />
        </label>
      </div>
      {events.error !== undefined && <ErrorNotice error={events.error} retry={events.reload} />}
      {events.loading && !events.data && <Loading />}
      {events.data && items.length === 0 && <Empty title={filtered ? t('audit.noMatch') : t('audit.empty')} />}
      {items.length > 0 && (
        <div className={`table-wrap card flush${events.loading ? ' busy' : ''}`}>
          <table className="table audit">
            <thead>
              <tr>
                <th>{t('audit.time')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.outcome')}</th>
                <th>
                  <span className="sr-only">{t('audit.details')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <Fragment key={e.id}>
                  <tr data-action={e.action}>
                    <td className="nowrap">{formatDateTime(e.at, locale)}</td>
                    <td>
                      <div>{labels.action(e.action)}</div>
                      <code className="muted small">{e.action}</code>
                    </td>
                    <td>
                      {e.actor.name ?? e.actor.id ?? '—'} <span className="muted small">{maybe(`audit.actorType.${e.actor.type}`) ?? e.actor.type}</span>
                    </td>
                    <td className="small">{e.target ? `${e.target.type} ${e.target.id ?? ''}` : '—'}</td>
                    <td>
                      <Badge kind={e.outcome === 'success' ? 'ok' : 'bad'}>{t(`audit.outcome.${e.outcome}`)}</Badge>
                      {e.reason && <div className="muted small">{labels.reason(e.reason)}</div>}
                    </td>
                    <td>
                      <button type="button" className="btn small ghost" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? undefined : e.id)}>
                        {open === e.id ? t('audit.hide') : t('audit.details')}
                      </button>
                    </td>
                  </tr>
                  {open === e.id && (
                    <tr className="expanded">
                      <td colSpan={6}>
                        <AuditChange before={e.before} after={e.after} />
                        <p className="muted small">
                          {t('audit.ip')}: {e.ip ?? '—'} · {t('audit.userAgent')}: {e.userAgent ?? '—'}
                          {e.reason && (
                            <>
                              {' '}
                              · {t('audit.reason')}: <code>{e.reason}</code>
                            </>
                          )}
                        </p>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.data && <Pagination page={events.data.page} pageSize={events.data.pageSize} total={events.data.total} capped={events.data.totalCapped} onPage={setPage} />}
    </div>
  );
}
