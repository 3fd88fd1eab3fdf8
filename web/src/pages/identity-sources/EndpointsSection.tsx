/**
 * Advanced, folded: DingTalk's API base URLs. Other servers than DingTalk's own (a simulator, a proxy) only
 * where the operator allows them; elsewhere the fields are read-only under a note. Both empty: the bound
 * login source's, else DingTalk's own.
 */
import { useI18n } from '../../i18n/i18n.tsx';
import { useCan } from '../../lib/permissions.ts';
import { Field, describedBy } from '../../components/Field.tsx';
import { Notice } from '../../components/States.tsx';
import { useSourceTypes } from '../sources/useSourceTypes.ts';
import { DINGTALK_ENDPOINTS, type IdentitySourceFormValues } from './identitySourceForm.ts';

export interface EndpointsSectionProps {
  values: IdentitySourceFormValues;
  set(patch: Partial<IdentitySourceFormValues>): void;
  errors: Record<string, string>;
  open: boolean;
  setOpen(open: boolean): void;
  disabled: boolean;
}

/** Whether the operator allows other hosts than DingTalk's; unknown (not readable by this role) counts as not. */
function useCustomEndpointsAllowed(): boolean {
  const types = useSourceTypes();
  const readable = useCan()('sources:read');
  return readable && types.data?.customEndpointsAllowed === true;
}

export function EndpointsSection({ values, set, errors, open, setOpen, disabled }: EndpointsSectionProps) {
  const { t } = useI18n();
  const allowed = useCustomEndpointsAllowed();
  const fields = [
    { key: 'apiBase', problem: 'endpoints.api', label: t('idSource.endpoints.api'), placeholder: DINGTALK_ENDPOINTS.api },
    { key: 'oapiBase', problem: 'endpoints.oapi', label: t('idSource.endpoints.oapi'), placeholder: DINGTALK_ENDPOINTS.oapi },
  ] as const;
  return (
    <details className="card form-section" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('idSource.section.advanced')}</summary>
      {!allowed && <Notice kind="info">{t('idSource.endpoints.fixed')}</Notice>}
      <div className="form-grid">
        {fields.map((f) => {
          const id = `is-${f.problem.replace('.', '-')}`;
          const error = errors[f.problem];
          const hint = t('idSource.endpoints.hint');
          return (
            <Field key={f.key} id={id} label={f.label} hint={hint} error={error}>
              <input id={id} type="url" readOnly={!allowed} disabled={disabled} value={values[f.key]} placeholder={f.placeholder} onChange={(e) => set({ [f.key]: e.target.value })} autoComplete="off" spellCheck={false} {...describedBy(id, error, hint)} />
            </Field>
          );
        })}
      </div>
    </details>
  );
}
