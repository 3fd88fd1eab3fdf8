/** Every field of the DingTalk authentication source (SPEC §2), each with its hint or its error beside it. */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Switch } from '../../components/Switch.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { OrgUnitSelect } from '../../components/OrgUnitSelect.tsx';
import { Badge, Notice } from '../../components/States.tsx';
import { DINGTALK_ENDPOINTS, NOT_ASSOCIATED, PROTOCOLS, QR_MODES, SOURCE_ATTRIBUTES, TIMEOUT_RANGE, USER_ATTRIBUTES, isTrustField, type DingTalkForm } from './dingtalkForm.ts';
import type { MessageKey } from '../../i18n/en.ts';

export interface DingTalkFieldsProps {
  form: DingTalkForm;
  set(patch: Partial<DingTalkForm>): void;
  errors: Record<string, string>;
  isNew: boolean;
  secretSet: boolean;
  callbackUrl: string | null;
  advancedOpen: boolean;
  setAdvancedOpen(open: boolean): void;
  /** For roles that may read sources but not change them: every control disabled, the Callback URL still copyable. */
  readOnly?: boolean;
  /** For roles that may change the source but not whom it trusts: the trust settings shown disabled, with a notice. */
  trustLocked?: boolean;
  /** False when the operator allows only DingTalk's own hosts: the API base URLs read-only, with a note. */
  customEndpoints?: boolean;
}

const idOf = (key: string) => `ds-${key.replace('.', '-')}`;

export function DingTalkFields({ form, set, errors, isNew, secretSet, callbackUrl, advancedOpen, setAdvancedOpen, readOnly = false, trustLocked = false, customEndpoints = true }: DingTalkFieldsProps) {
  const { t } = useI18n();
  const locked = (key: string) => readOnly || (trustLocked && isTrustField(key, isNew));
  const aria = (key: string, hint?: ReactNode) => ({ id: idOf(key), disabled: locked(key), ...describedBy(idOf(key), errors[key], hint) });
  const textField = (key: 'name' | 'appKey' | 'corpId', label: string, hint?: ReactNode, required?: boolean) => (
    <Field id={idOf(key)} label={label} hint={hint} error={errors[key]} required={required}>
      <input {...aria(key, hint)} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} autoComplete="off" spellCheck={false} />
    </Field>
  );
  /** A choice among `values`, labelled, hinted and worded by the `dingtalk.<key>…` messages. */
  const choice = <K extends 'sourceAttribute' | 'userAttribute' | 'notAssociated' | 'qrMode' | 'protocol'>(key: K, values: readonly DingTalkForm[K][]) => (
    <Field id={idOf(key)} label={t(`dingtalk.${key}`)} hint={t(`dingtalk.${key}.hint`)} error={errors[key]}>
      <select {...aria(key, true)} value={form[key]} onChange={(e) => set({ [key]: e.target.value })}>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`dingtalk.${key}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </Field>
  );
  const endpoint = (key: 'login' | 'api' | 'oapi') => (
    <Field id={idOf(`endpoints.${key}`)} label={t(`dingtalk.endpoint.${key}`)} error={errors[`endpoints.${key}`]} hint={DINGTALK_ENDPOINTS[key]}>
      <input {...aria(`endpoints.${key}`, true)} readOnly={!customEndpoints} type="url" value={form.endpoints[key]} onChange={(e) => set({ endpoints: { ...form.endpoints, [key]: e.target.value } })} spellCheck={false} />
    </Field>
  );

  return (
    <>
      <fieldset className="card form-section">
        <legend>{t('dingtalk.section.app')}</legend>
        <div className="form-grid">
          {textField('name', t('dingtalk.name'), t('dingtalk.name.hint'), true)}
          {textField('appKey', t('dingtalk.appKey'), t('dingtalk.appKey.hint'), true)}
          <Field
            id={idOf('appSecret')}
            label={t('dingtalk.appSecret')}
            required={isNew}
            error={errors.appSecret}
            hint={isNew ? t('dingtalk.appSecret.hintNew') : t('dingtalk.appSecret.hintKeep')}
          >
            <div className="with-badge">
              <input
                {...aria('appSecret', true)}
                type="password"
                autoComplete="new-password"
                value={form.appSecret}
                placeholder={secretSet ? '••••••••••••' : ''}
                onChange={(e) => set({ appSecret: e.target.value })}
              />
              {secretSet && <Badge kind="ok">{t('dingtalk.appSecret.set')}</Badge>}
            </div>
          </Field>
          <Field id={idOf('callbackUrl')} label={t('dingtalk.callbackUrl')} hint={callbackUrl ? t('dingtalk.callbackUrl.hint') : t('dingtalk.callbackUrl.afterSave')} wide>
            <div className="with-button">
              <input id={idOf('callbackUrl')} readOnly value={callbackUrl ?? ''} placeholder={t('dingtalk.callbackUrl.pending')} aria-describedby={`${idOf('callbackUrl')}-hint`} />
              {callbackUrl && <CopyButton value={callbackUrl} label={t('dingtalk.callbackUrl.copy')} />}
            </div>
          </Field>
        </div>
      </fieldset>

      <fieldset className="card form-section">
        <legend>{t('dingtalk.section.binding')}</legend>
        {/* The trust settings live here (the CorpId too: Auto-bind may need it), the API addresses under Advanced: one notice for them all. */}
        {trustLocked && <Notice kind="info">{t('dingtalk.trustLocked')}</Notice>}
        <div className="form-grid">
          {textField('corpId', t('dingtalk.corpId'), t('dingtalk.corpId.hint'))}
          <Field id={idOf('autoBind')} label={t('dingtalk.autoBind')} hint={t('dingtalk.autoBind.hint')} error={errors.autoBind} wide>
            <Switch id={idOf('autoBind')} checked={form.autoBind} onChange={(autoBind) => set({ autoBind })} disabled={locked('autoBind')} />
          </Field>
          {choice('sourceAttribute', SOURCE_ATTRIBUTES)}
          {choice('userAttribute', USER_ATTRIBUTES)}
          {choice('notAssociated', NOT_ASSOCIATED)}
          {form.notAssociated === 'create_user' && (
            <Field id={idOf('notAssociatedOrgUnitId')} label={t('dingtalk.orgUnit')} hint={t('dingtalk.orgUnit.hint')} error={errors.notAssociatedOrgUnitId} required>
              <OrgUnitSelect
                id={idOf('notAssociatedOrgUnitId')}
                value={form.notAssociatedOrgUnitId}
                onChange={(notAssociatedOrgUnitId) => set({ notAssociatedOrgUnitId })}
                invalid={!!errors.notAssociatedOrgUnitId}
                disabled={locked('notAssociatedOrgUnitId')}
                describedBy={`${idOf('notAssociatedOrgUnitId')}-${errors.notAssociatedOrgUnitId ? 'error' : 'hint'}`}
              />
            </Field>
          )}
          {form.notAssociated === 'deny' && (
            <Field id={idOf('denyMessage')} label={t('dingtalk.denyMessage')} hint={t('dingtalk.denyMessage.hint')} error={errors.denyMessage} wide>
              <textarea {...aria('denyMessage', true)} rows={2} maxLength={500} value={form.denyMessage} onChange={(e) => set({ denyMessage: e.target.value })} />
            </Field>
          )}
        </div>
      </fieldset>

      <details className="card form-section" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>{t('dingtalk.section.advanced')}</summary>
        <div className="form-grid">
          {choice('qrMode', QR_MODES)}
          {choice('protocol', PROTOCOLS)}
          {!customEndpoints && (
            <div className="field wide">
              <Notice kind="info">{t('dingtalk.endpoint.dingtalkOnly')}</Notice>
            </div>
          )}
          {endpoint('login')}
          {endpoint('api')}
          {endpoint('oapi')}
          <Field id={idOf('timeoutMs')} label={t('dingtalk.timeout')} hint={t('dingtalk.timeout.hint', TIMEOUT_RANGE)} error={errors.timeoutMs}>
            <input {...aria('timeoutMs', true)} type="number" inputMode="numeric" min={TIMEOUT_RANGE.min} max={TIMEOUT_RANGE.max} step={100} value={form.timeoutMs} onChange={(e) => set({ timeoutMs: e.target.value })} />
          </Field>
          {!locked('endpoints') && (
            <div className="field wide">
              <button type="button" className="btn ghost small" onClick={() => set({ endpoints: { ...DINGTALK_ENDPOINTS } })}>
                {t('dingtalk.endpoint.reset')}
              </button>
            </div>
          )}
        </div>
      </details>
    </>
  );
}
