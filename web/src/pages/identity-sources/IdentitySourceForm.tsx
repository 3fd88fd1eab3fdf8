/**
 * A DingTalk identity source's settings: the organisation and where it lands, which people and fields
 * come over and how they are matched, and how changes arrive; save (create or PATCH) and delete. View
 * only for roles that may read users but not change them.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useAction } from '../../lib/useAction.ts';
import { useFormSubmit } from '../../lib/useFormSubmit.ts';
import { useCan } from '../../lib/permissions.ts';
import { Link, navigate } from '../../lib/router.tsx';
import type { IdentitySource, Source } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';
import { ReadOnlyNotice } from '../../components/Access.tsx';
import { bodyOf, checkForm, formKeyOf, formOf, HOURS, INACTIVE_POLICIES, MATCH_KEYS, problemKeyOf, SAME_APP, type IdentitySourceFormValues } from './identitySourceForm.ts';
import { EndpointsSection } from './EndpointsSection.tsx';
import { FieldMappingTable } from './FieldMappingTable.tsx';
import { TransportFields } from './TransportFields.tsx';
import { SecretField } from './SecretField.tsx';

const LIST = '/users/identity-sources';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card form-section">
      <legend>{title}</legend>
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}

/** The DingTalk login sources synced people may be bound to at once (their unionId). Roles that may not read sources see only the id. */
function useLoginSources() {
  const readable = useCan()('sources:read');
  return useAsync(async () => (readable ? (await api<{ items: Source[] }>('GET', '/sources')).items.filter((s) => s.type === 'dingtalk') : []), [readable]);
}

export function IdentitySourceForm({ source, onSaved }: { source?: IdentitySource; onSaved?(source: IdentitySource): void }) {
  const { t } = useI18n();
  const readOnly = !useCan()('users:write');
  const isNew = !source;
  const [values, setValues] = useState<IdentitySourceFormValues>(() => formOf(source));
  const [saved, setSaved] = useState(false);
  const { errors, failure, busy, submit: run, clear } = useFormSubmit();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deletion = useAction();
  const loginSources = useLoginSources();

  useEffect(() => {
    if (source) setValues(formOf(source));
  }, [source]);

  const set = (patch: Partial<IdentitySourceFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setSaved(false);
    Object.keys(patch).forEach((key) => clear(problemKeyOf(key)));
  };

  const [advancedOpen, setAdvancedOpen] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const shown = await run(
      checkForm(values, source?.secretsSet),
      async () => {
        const body = bodyOf(values);
        const result = isNew ? await api<IdentitySource>('POST', '/identity-sources', { type: 'dingtalk', ...body }) : await api<IdentitySource>('PATCH', `/identity-sources/${encodeURIComponent(source.id)}`, body);
        setSaved(true);
        if (isNew) navigate(`${LIST}/${result.id}/settings?created=1`, { replace: true });
        else onSaved?.(result);
      },
      formKeyOf,
    );
    // A problem inside the folded Advanced section would go unseen.
    if (Object.keys(shown).some((key) => key.startsWith('endpoints.'))) setAdvancedOpen(true);
  };

  const remove = (doomed: IdentitySource) =>
    deletion.run(async () => {
      await api('DELETE', `/identity-sources/${encodeURIComponent(doomed.id)}`);
      navigate(LIST, { replace: true });
    });

  const text = (key: 'name' | 'corpId' | 'appKey', label: string, hint?: string) => {
    const id = `is-${key}`;
    return (
      <Field id={id} label={label} hint={hint} error={errors[key]} required>
        <input id={id} disabled={readOnly} value={values[key]} onChange={(e) => set({ [key]: e.target.value })} autoComplete="off" spellCheck={false} {...describedBy(id, errors[key], hint)} />
      </Field>
    );
  };
  const choice = <K extends 'matchKey' | 'inactive' | 'reconcileHour' | 'bindSourceId'>(key: K, label: string, hint: string, options: { value: string; label: string }[], wide = false) => {
    const id = `is-${key}`;
    return (
      <Field id={id} label={label} hint={hint} error={errors[key]} wide={wide}>
        <select id={id} disabled={readOnly} value={values[key]} onChange={(e) => set({ [key]: e.target.value } as Partial<IdentitySourceFormValues>)} {...describedBy(id, errors[key], hint)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
    );
  };
  const number = (key: 'rootDeptId' | 'disableThresholdPercent', label: string, hint: string, min: number, max?: number) => {
    const id = `is-${key}`;
    return (
      <Field id={id} label={label} hint={hint} error={errors[key]} required>
        <input id={id} type="number" inputMode="numeric" min={min} max={max} disabled={readOnly} value={values[key]} onChange={(e) => set({ [key]: e.target.value })} {...describedBy(id, errors[key], hint)} />
      </Field>
    );
  };
  const bindOptions = [
    ...(values.bindSourceId === SAME_APP ? [{ value: SAME_APP, label: t('idSource.bindSource.sameApp') }] : []),
    { value: '', label: t('idSource.bindSource.none') },
    ...(loginSources.data ?? []).map((s) => ({ value: s.id, label: s.name })),
    // A bound source the list does not show (not readable, or gone) stays selectable as itself.
    ...(values.bindSourceId && values.bindSourceId !== SAME_APP && !loginSources.data?.some((s) => s.id === values.bindSourceId) ? [{ value: values.bindSourceId, label: values.bindSourceId }] : []),
  ];

  return (
    <>
      {readOnly && <ReadOnlyNotice />}
      <form onSubmit={submit} noValidate aria-label={t('idSource.formLabel')}>
        <Section title={t('idSource.section.organisation')}>
          {text('name', t('idSource.name'), t('idSource.name.hint'))}
          <Field id="is-enabled" label={t('idSource.enabled')} hint={t('idSource.enabled.hint')}>
            <Switch id="is-enabled" checked={values.enabled} onChange={(enabled) => set({ enabled })} disabled={readOnly} describedBy="is-enabled-hint" />
          </Field>
          {text('corpId', 'CorpId', t('idSource.corpId.hint'))}
          {text('appKey', 'AppKey', t('idSource.appKey.hint'))}
          <SecretField id="is-appSecret" label="AppSecret" value={values.appSecret} onChange={(appSecret) => set({ appSecret })} isSet={!!source?.secretsSet.appSecret} error={errors.appSecret} disabled={readOnly} />
          <span />
          {number('rootDeptId', t('idSource.rootDeptId'), t('idSource.rootDeptId.hint'), 1)}
          <Field id="is-orgUnitId" label={t('idSource.orgUnit')} hint={t('idSource.orgUnit.hint')} error={errors.orgUnitId} required>
            <OrgUnitSelect id="is-orgUnitId" value={values.orgUnitId} onChange={(orgUnitId) => set({ orgUnitId })} invalid={!!errors.orgUnitId} disabled={readOnly} describedBy={`is-orgUnitId-${errors.orgUnitId ? 'error' : 'hint'}`} />
          </Field>
        </Section>
        <Section title={t('idSource.section.people')}>
          <FieldMappingTable mapping={values.fieldMapping} errors={errors} disabled={readOnly} onChange={(attribute, field) => set({ fieldMapping: { ...values.fieldMapping, [attribute]: field } })} />
          {choice(
            'matchKey',
            t('idSource.matchKey'),
            t('idSource.matchKey.hint'),
            MATCH_KEYS.map((k) => ({ value: k, label: t(`idSource.matchKey.${k}`) })),
          )}
          {choice(
            'inactive',
            t('idSource.inactive'),
            t('idSource.inactive.hint'),
            INACTIVE_POLICIES.map((p) => ({ value: p, label: t(`idSource.inactive.${p}`) })),
          )}
          <Field id="is-leavers" label={t('idSource.leavers')} hint={t('idSource.leavers.hint')}>
            <input id="is-leavers" readOnly value={t('idSource.leavers.policy')} aria-describedby="is-leavers-hint" />
          </Field>
          {number('disableThresholdPercent', t('idSource.threshold'), t('idSource.threshold.hint'), 0, 100)}
        </Section>
        <Section title={t('idSource.section.keeping')}>
          {choice('reconcileHour', t('idSource.reconcileHour'), t('idSource.reconcileHour.hint'), [{ value: '', label: t('idSource.reconcileHour.off') }, ...HOURS.map((h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }))])}
          <span />
          <TransportFields values={values} set={set} errors={errors} source={source} disabled={readOnly} />
          {choice('bindSourceId', t('idSource.bindSource'), t('idSource.bindSource.hint'), bindOptions, true)}
        </Section>
        <EndpointsSection values={values} set={set} errors={errors} open={advancedOpen} setOpen={setAdvancedOpen} disabled={readOnly} />
        {failure && <Notice kind="bad">{failure}</Notice>}
        {saved && !isNew && <Notice kind="ok">{t('sourceForm.saved')}</Notice>}
        {readOnly ? (
          <div className="form-actions">
            <Link to={LIST} className="btn ghost">
              {t('action.back')}
            </Link>
          </div>
        ) : (
          <div className="form-actions sticky">
            {source && (
              <button type="button" className="btn danger ghost" onClick={() => setConfirmDelete(true)}>
                {t('action.delete')}
              </button>
            )}
            <span className="grow" />
            <Link to={source ? `${LIST}/${source.id}` : LIST} className="btn ghost">
              {t('action.cancel')}
            </Link>
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? t('state.saving') : isNew ? t('idSource.create') : t('action.save')}
            </button>
          </div>
        )}
      </form>
      {confirmDelete && source && (
        <ConfirmDialog
          title={t('idSource.deleteTitle', { name: source.name })}
          message={t('idSource.deleteMessage')}
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
    </>
  );
}
