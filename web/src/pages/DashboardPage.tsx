/**
 * Home: sign-ins per day by method and failures by reason, from GET /stats/logins (audit:read).
 * A role without the audit log (application admins) gets its own starting points instead.
 */
import { useState } from 'react';
import { api, query } from '../lib/api.ts';
import { useAsync } from '../lib/useAsync.ts';
import type { LoginStats, Page, User } from '../lib/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useLabels } from '../lib/labels.ts';
import { formatDay, formatNumber } from '../lib/format.ts';
import { Empty, ErrorNotice, Loading } from '../components/States.tsx';
import { StackedBarChart } from '../charts/StackedBarChart.tsx';
import { HorizontalBarChart } from '../charts/HorizontalBarChart.tsx';
import { seriesColor } from '../charts/scale.ts';
import { Link } from '../lib/router.tsx';
import { useCan, type Permission } from '../lib/permissions.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../lib/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const RANGES = [7, 14, 30];

export function DashboardPage() {
  return useCan()('audit:read') ? <LoginStatsDashboard /> : <StartingPoints />;
}

const STARTING_POINTS: { to: string; permission: Permission; title: MessageKey; text: MessageKey; link: MessageKey }[] = [
  { to: '/applications', permission: 'applications:read', title: 'apps.title', text: 'apps.subtitle', link: 'dashboard.openApplications' },
  { to: '/sources', permission: 'sources:read', title: 'sources.title', text: 'sources.subtitle', link: 'dashboard.openSources' },
];

/** For roles that manage applications and sources but cannot read the audit log. */
function StartingPoints() {
  const { t } = useI18n();
  const { admin } = useSession();
  const can = useCan();
  return (
    <div className="page">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.welcome', { name: admin?.displayName ?? '', role: admin ? t(`role.${admin.role}`) : '' })} />
      <div className="grid-2">
        {STARTING_POINTS.filter((p) => can(p.permission)).map((p) => (
          <section key={p.to} className="card">
            <h2>{t(p.title)}</h2>
            <p className="muted">{t(p.text)}</p>
            <Link to={p.to}>{t(p.link)}</Link>
          </section>
        ))}
      </div>
    </div>
  );
}

function LoginStatsDashboard() {
  const { t, locale } = useI18n();
  const can = useCan();
  const canReadUsers = can('users:read');
  const labels = useLabels();
  const [days, setDays] = useState(14);
  const stats = useAsync(() => api<LoginStats>('GET', `/stats/logins${query({ days, tzOffsetMinutes: -new Date().getTimezoneOffset() })}`), [days]);
  const users = useAsync(() => (canReadUsers ? api<Page<User>>('GET', '/users?pageSize=1') : Promise.resolve(undefined)), [canReadUsers]);
  const s = stats.data;

  return (
    <div className="page">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
        <label className="inline">
          <span>{t('dashboard.range')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {t('dashboard.days', { n: d })}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      {stats.error !== undefined && <ErrorNotice error={stats.error} retry={stats.reload} />}
      <section className="tiles" aria-label={t('dashboard.totals')}>
        <div className="tile">
          <span className="muted">{t('dashboard.signIns', { n: days })}</span>
          <strong data-tile="sign-ins">{s ? formatNumber(s.totals.signIns, locale) : '…'}</strong>
        </div>
        <div className="tile">
          <span className="muted">{t('dashboard.failures', { n: days })}</span>
          <strong data-tile="failures">{s ? formatNumber(s.totals.failures, locale) : '…'}</strong>
        </div>
        {canReadUsers && (
          <div className="tile">
            <span className="muted">{t('dashboard.users')}</span>
            <strong>{users.data ? formatNumber(users.data.total, locale) : users.error ? '—' : '…'}</strong>
            <Link to="/users">{can('users:write') ? t('dashboard.manageUsers') : t('dashboard.viewUsers')}</Link>
          </div>
        )}
      </section>
      <div className="grid-2">
        <section className="card">
          <h2>{t('dashboard.perDay')}</h2>
          {!s ? (
            stats.loading && <Loading />
          ) : s.totals.signIns === 0 ? (
            <Empty title={t('dashboard.noSignIns', { n: days })} />
          ) : (
            <StackedBarChart
              summary={t('dashboard.perDaySummary', { total: s.totals.signIns, n: days })}
              series={s.methods.map((m, i) => ({ key: m, label: labels.method(m), color: seriesColor(m, i) }))}
              bars={s.days.map((d) => ({ label: formatDay(d.date, locale), counts: d.counts }))}
            />
          )}
        </section>
        <section className="card">
          <h2>{t('dashboard.byReason')}</h2>
          {!s ? (
            stats.loading && <Loading />
          ) : s.failures.length === 0 ? (
            <Empty title={t('dashboard.noFailures', { n: days })} />
          ) : (
            <HorizontalBarChart
              summary={t('dashboard.byReasonSummary', { total: s.totals.failures })}
              color="#e5484d"
              rows={s.failures.map((f) => ({ key: f.reason, label: labels.reason(f.reason), value: f.count }))}
            />
          )}
        </section>
        {s && s.secondFactorFailures.length > 0 && (
          <section className="card">
            <h2>{t('dashboard.secondFactor')}</h2>
            <HorizontalBarChart
              summary={t('dashboard.secondFactorSummary', { total: s.secondFactorFailures.reduce((n, f) => n + f.count, 0) })}
              color="#e5484d"
              rows={s.secondFactorFailures.map((f) => ({ key: f.reason, label: labels.reason(f.reason), value: f.count }))}
            />
          </section>
        )}
      </div>
    </div>
  );
}
