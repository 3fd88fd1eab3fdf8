/**
 * The Login Configuration tab: every authentication source with an enable switch and its place on
 * the login page. Saving sends the enabled ones, in order, with PUT …/login-configuration. An enabled
 * source whose upstream opens applications itself (DingTalk's workbench) shows the address to register
 * there for this application, as saved.
 */
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import type { Application, LoginMethod } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Link } from '../../lib/router.tsx';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../components/States.tsx';
import { Switch } from '../../components/Switch.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { useCan } from '../../lib/permissions.ts';
import { useSourceTypes } from '../sources/useSourceTypes.ts';
import { EntryAddress } from '../sources/EntryAddress.tsx';

type Row = Pick<LoginMethod, 'sourceId' | 'type' | 'name' | 'enabled'>;

const sameRows = (a: Row[], b: Row[]) => a.length === b.length && a.every((r, i) => r.sourceId === b[i].sourceId && r.enabled === b[i].enabled);

export function LoginConfigurationTab({ app }: { app: Application }) {
  const { t } = useI18n();
  const labels = useLabels();
  const can = useCan();
  const writable = can('applications:write');
  const path = `/applications/${encodeURIComponent(app.id)}/login-configuration`;
  const loaded = useAsync(() => api<{ methods: LoginMethod[] }>('GET', path), [path]);
  // A source whose type has settings (a form) can be configured from here; the built-in ones cannot.
  const types = useSourceTypes();
  const configurable = (type: string) => Boolean(types.data?.items.find((x) => x.type === type)?.form);
  const entryWords = (type: string) => types.data?.items.find((x) => x.type === type)?.form?.entryAddress;
  // The addresses of the saved configuration: a source switched on but not yet saved has none yet.
  const [entryUrls, setEntryUrls] = useState<Record<string, string>>({});
  const entryUrlsOf = (methods: LoginMethod[]) => Object.fromEntries(methods.flatMap((m) => (m.entryUrl ? [[m.sourceId, m.entryUrl]] : [])));
  const [saved, setSaved] = useState<Row[]>([]);
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    const initial = loaded.data.methods.map(({ sourceId, type, name, enabled }) => ({ sourceId, type, name, enabled }));
    setSaved(initial);
    setRows(initial);
    setEntryUrls(entryUrlsOf(loaded.data.methods));
  }, [loaded.data]);

  const change = (next: Row[]) => {
    setRows(next);
    setDone(false);
    setError(undefined);
  };
  const toggle = (i: number, enabled: boolean) => change(rows.map((r, j) => (j === i ? { ...r, enabled } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    change(next);
  };
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ methods: LoginMethod[] }>('PUT', path, { sources: rows.filter((x) => x.enabled).map((x) => x.sourceId) });
      const next = r.methods.map(({ sourceId, type, name, enabled }) => ({ sourceId, type, name, enabled }));
      setSaved(next);
      setRows(next);
      setEntryUrls(entryUrlsOf(r.methods));
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /**
   * The User Center is where every account lives: only super admins add a way into it. Others may
   * switch off and reorder, and switch back on what is saved as enabled (the server's rule).
   */
  const lockedOut = (row: Row) => writable && app.builtIn && !can('user_center:write') && !saved.some((s) => s.sourceId === row.sourceId && s.enabled);
  const dirty = !sameRows(rows, saved);
  const enabledCount = rows.filter((r) => r.enabled).length;
  let place = 0;

  return (
    <section className="card" role="tabpanel" aria-label={t('apps.tab.login')}>
      <div className="section-head">
        <div>
          <h2>{t('loginConfig.title')}</h2>
          <p className="muted">{t('loginConfig.intro')}</p>
        </div>
        {app.builtIn && (
          <a className="btn ghost" href={`/login?app=${encodeURIComponent(app.id)}`} target="_blank" rel="noreferrer">
            {t('loginConfig.preview')}
          </a>
        )}
      </div>
      {!writable && <ReadOnlyNotice />}
      {loaded.error !== undefined && <ErrorNotice error={loaded.error} retry={loaded.reload} />}
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data && rows.length === 0 && (
        <Empty title={t('loginConfig.noSources')}>
          <Link to="/sources">{t('loginConfig.addSource')}</Link>
        </Empty>
      )}
      {rows.length > 0 && (
        <ol className="methods">
          {rows.map((row, i) => (
            <li key={row.sourceId} className={row.enabled ? 'enabled' : ''} data-source-id={row.sourceId}>
              <span className="place" aria-hidden="true">
                {row.enabled ? ++place : '–'}
              </span>
              <div className="grow">
                <strong className="method-name">{row.name}</strong> <Badge kind={configurable(row.type) ? 'info' : 'muted'}>{labels.sourceType(row.type)}</Badge>
                {configurable(row.type) && (
                  <Link to={`/sources/${row.sourceId}`} className="small">
                    {t('loginConfig.configure')}
                  </Link>
                )}
                {row.enabled && entryUrls[row.sourceId] && entryWords(row.type) && <EntryAddress words={entryWords(row.type)!} url={entryUrls[row.sourceId]} />}
              </div>
              <div className="row-actions">
                {writable && (
                  <>
                    <button type="button" className="btn icon ghost" aria-label={t('loginConfig.moveUp', { name: row.name })} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" className="btn icon ghost" aria-label={t('loginConfig.moveDown', { name: row.name })} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                  </>
                )}
                {lockedOut(row) && (
                  <span className="muted small" id={`locked-${row.sourceId}`}>
                    {t('loginConfig.superAdminOnly')}
                  </span>
                )}
                <Switch
                  checked={row.enabled}
                  onChange={(on) => toggle(i, on)}
                  label={t('loginConfig.enable', { name: row.name })}
                  disabled={!writable || lockedOut(row)}
                  describedBy={lockedOut(row) ? `locked-${row.sourceId}` : undefined}
                />
              </div>
            </li>
          ))}
        </ol>
      )}
      {rows.length > 0 && enabledCount === 0 && <Notice kind="info">{t('loginConfig.noneEnabled')}</Notice>}
      {error !== undefined && <ErrorNotice error={error} />}
      {done && !dirty && <Notice kind="ok">{t('loginConfig.saved')}</Notice>}
      {writable && rows.length > 0 && (
        <div className="form-actions">
          <button type="button" className="btn ghost" disabled={!dirty || busy} onClick={() => change(saved)}>
            {t('action.discard')}
          </button>
          <button type="button" className="btn primary" disabled={!dirty || busy} onClick={save}>
            {busy ? t('state.saving') : t('action.save')}
          </button>
        </div>
      )}
    </section>
  );
}
