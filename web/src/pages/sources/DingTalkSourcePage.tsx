/** The DingTalk authentication source page: create or edit, test the connection, delete; view only for roles that may not, the trust settings too for roles that may not change those. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import type { Source } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { useAction } from '../../lib/useAction.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { useCan } from '../../lib/permissions.ts';
import { DingTalkFields } from './DingTalkFields.tsx';
import { ConnectionTest } from './ConnectionTest.tsx';
import { ADVANCED_FIELDS, NEW_DINGTALK, bodyOf, checkForm, formOf, type DingTalkForm } from './dingtalkForm.ts';
import { PageHeader } from '../../components/PageHeader.tsx';

export function DingTalkSourcePage({ source, onSaved }: { source?: Source; onSaved?(source: Source): void }) {
  const { t } = useI18n();
  const isNew = !source;
  const can = useCan();
  const readOnly = !can('sources:write');
  const trustLocked = !readOnly && !can('source_trust:write');
  // The operator's switch: until the answer arrives the fields stay as they are.
  const sourceTypes = useAsync(() => api<{ customEndpointsAllowed: boolean }>('GET', '/source-types'), []);
  const customEndpoints = sourceTypes.data?.customEndpointsAllowed ?? true;
  const [form, setForm] = useState<DingTalkForm>(source ? formOf(source) : NEW_DINGTALK);
  const [dirty, setDirty] = useState(false);
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const [saved, setSaved] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deletion = useAction();

  useEffect(() => {
    if (source) setForm(formOf(source));
  }, [source]);

  const set = (patch: Partial<DingTalkForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
    setSaved(false);
    Object.keys(patch).forEach(clear);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const shown = await run(checkForm(form, isNew), async () => {
      const body = bodyOf(form, { withTrust: !trustLocked, isNew });
      const result = isNew
        ? await api<Source>('POST', '/sources', { type: 'dingtalk', ...body })
        : await api<Source>('PATCH', `/sources/${encodeURIComponent(source.id)}`, body);
      setDirty(false);
      setSaved(true);
      if (isNew) navigate(`/sources/${result.id}?created=1`, { replace: true });
      else onSaved?.(result);
    });
    // A problem inside the folded "Advanced" section would go unseen.
    if (ADVANCED_FIELDS.some((k) => shown[k])) setAdvancedOpen(true);
  };

  const remove = (doomed: Source) =>
    deletion.run(async () => {
      await api('DELETE', `/sources/${encodeURIComponent(doomed.id)}`);
      navigate('/sources', { replace: true });
    });

  return (
    <div className="page narrow">
      <p className="crumbs">
        <Link to="/sources">{t('nav.sources')}</Link> / {t('sourceType.dingtalk')}
      </p>
      <PageHeader title={isNew ? t('dingtalk.newTitle') : source.name} subtitle={t('dingtalk.intro')} />
      <CreatedBanner />
      {readOnly && <ReadOnlyNotice />}
      <form onSubmit={submit} noValidate aria-label={t('dingtalk.formLabel')}>
        <DingTalkFields
          form={form}
          set={set}
          errors={errors}
          isNew={isNew}
          secretSet={!!source?.secretsSet.includes('appSecret')}
          callbackUrl={source?.callbackUrl ?? null}
          advancedOpen={advancedOpen}
          setAdvancedOpen={setAdvancedOpen}
          readOnly={readOnly}
          trustLocked={trustLocked}
          customEndpoints={customEndpoints}
        />
        {failure && <Notice kind="bad">{failure}</Notice>}
        {saved && !isNew && <Notice kind="ok">{t('dingtalk.saved')}</Notice>}
        {readOnly ? (
          <div className="form-actions">
            <Link to="/sources" className="btn ghost">
              {t('action.back')}
            </Link>
          </div>
        ) : (
          <div className="form-actions sticky">
            {!isNew && (
              <button type="button" className="btn danger ghost" onClick={() => setConfirmDelete(true)}>
                {t('action.delete')}
              </button>
            )}
            <span className="grow" />
            <Link to="/sources" className="btn ghost">
              {t('action.cancel')}
            </Link>
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? t('state.saving') : isNew ? t('dingtalk.create') : t('action.save')}
            </button>
          </div>
        )}
      </form>
      {!readOnly && <ConnectionTest sourceId={source?.id} unsaved={dirty} />}
      {confirmDelete && source && (
        <ConfirmDialog
          title={t('dingtalk.deleteTitle', { name: source.name })}
          message={t('dingtalk.deleteMessage')}
          confirmLabel={t('action.delete')}
          busy={deletion.busy}
          error={deletion.error !== undefined && <ErrorNotice error={deletion.error} />}
          onConfirm={() => remove(source)}
          onClose={() => {
            setConfirmDelete(false);
            deletion.clearError();
          }}
        />
      )}
    </div>
  );
}

/** After creating, tell the admin what to do next with the Callback URL and the Login Configuration. */
function CreatedBanner() {
  const { t } = useI18n();
  if (!new URLSearchParams(window.location.search).has('created')) return null;
  return (
    <Notice kind="ok">
      {t('dingtalk.created')} <Link to="/applications">{t('dingtalk.createdNext')}</Link>
    </Notice>
  );
}
