/**
 * The page of a source whose type describes a form (DingTalk, an OpenID Connect provider, …): create or
 * edit, test the connection, delete; view only for roles that may not, the trust settings too for roles
 * that may not change those. Everything it says of the type comes from GET /source-types.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import type { Source, SourceTypeView, SourceTypesView } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { useAction } from '../../lib/useAction.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { useCan } from '../../lib/permissions.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SourceFields } from './SourceFields.tsx';
import { ConnectionTest } from './ConnectionTest.tsx';
import { SourceEntryAddresses } from './SourceEntryAddresses.tsx';
import { bodyOf, checkForm, formOf, formOfType, problemText, sectionsWithProblems, type FormValues } from './sourceForm.ts';

export interface SourceFormPageProps {
  type: SourceTypeView;
  policy: SourceTypesView['policy'];
  /** The stored source; none to create one. */
  source?: Source;
  onSaved?(source: Source): void;
}

export function SourceFormPage({ type, policy, source, onSaved }: SourceFormPageProps) {
  const { t, locale } = useI18n();
  const form = formOfType(type);
  const typeName = type.labels[locale];
  const isNew = !source;
  const can = useCan();
  const readOnly = !can('sources:write');
  const trustLocked = !readOnly && !can('source_trust:write');
  const [values, setValues] = useState<FormValues>(() => formOf(type, source));
  const [dirty, setDirty] = useState(false);
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const [saved, setSaved] = useState(false);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deletion = useAction();

  useEffect(() => {
    if (source) setValues(formOf(type, source));
  }, [type, source]);

  const set = (patch: FormValues) => {
    setValues((v) => ({ ...v, ...patch }));
    setDirty(true);
    setSaved(false);
    Object.keys(patch).forEach(clear);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const local = Object.fromEntries(Object.entries(checkForm(type, values, isNew)).map(([key, problem]) => [key, { text: problemText(problem, t, locale) }]));
    const shown = await run(local, async () => {
      const body = bodyOf(type, values, { withTrust: !trustLocked, isNew });
      const result = isNew
        ? await api<Source>('POST', '/sources', { type: type.type, ...body })
        : await api<Source>('PATCH', `/sources/${encodeURIComponent(source.id)}`, body);
      setDirty(false);
      setSaved(true);
      if (isNew) navigate(`/sources/${result.id}?created=1`, { replace: true });
      else onSaved?.(result);
    });
    // A problem inside a folded section would go unseen.
    const withProblems = sectionsWithProblems(form, shown);
    setOpen((o) => ({ ...o, ...Object.fromEntries(form.sections.filter((s) => s.collapsed && withProblems.has(s.id)).map((s) => [s.id, true])) }));
  };

  const remove = (doomed: Source) =>
    deletion.run(async () => {
      await api('DELETE', `/sources/${encodeURIComponent(doomed.id)}`);
      navigate('/sources', { replace: true });
    });

  return (
    <div className="page narrow">
      <p className="crumbs">
        <Link to="/sources">{t('nav.sources')}</Link> / {typeName}
      </p>
      <PageHeader title={isNew ? t('sourceForm.newTitle', { type: typeName }) : source.name} subtitle={form.intro[locale]} />
      <CreatedBanner text={form.created?.[locale]} />
      {readOnly && <ReadOnlyNotice />}
      <form onSubmit={submit} noValidate aria-label={t('sourceForm.formLabel', { type: typeName })}>
        <SourceFields
          type={type}
          policy={policy}
          values={values}
          set={set}
          errors={errors}
          source={source}
          open={open}
          setOpen={(section, isOpen) => setOpen((o) => ({ ...o, [section]: isOpen }))}
          readOnly={readOnly}
          trustLocked={trustLocked}
        />
        {failure && <Notice kind="bad">{failure}</Notice>}
        {saved && !isNew && <Notice kind="ok">{t('sourceForm.saved')}</Notice>}
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
              {busy ? t('state.saving') : isNew ? t('sourceForm.create') : t('action.save')}
            </button>
          </div>
        )}
      </form>
      {source && form.entryAddress && <SourceEntryAddresses sourceId={source.id} words={form.entryAddress} />}
      {!readOnly && type.external && <ConnectionTest sourceId={source?.id} unsaved={dirty} upstream={typeName} texts={form.connection} />}
      {confirmDelete && source && (
        <ConfirmDialog
          title={t('sourceForm.deleteTitle', { name: source.name })}
          message={t('sourceForm.deleteMessage')}
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

/** After creating, tell the admin what to do next (the type's words: where the callback URL goes), and where the Login Configuration is. */
function CreatedBanner({ text }: { text?: string }) {
  const { t } = useI18n();
  if (!new URLSearchParams(window.location.search).has('created')) return null;
  return (
    <Notice kind="ok">
      {text ?? t('sourceForm.created')} <Link to="/applications">{t('sourceForm.createdNext')}</Link>
    </Notice>
  );
}
