/**
 * An application's second-factor policy, under its Login Configuration: never; always; only after some
 * sign-in methods; or on a device not remembered; which kinds of factor it accepts; and whether people
 * without one set one up at their next sign-in.
 */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import type { Application, ApplicationWithSecret, SecondFactorPolicy } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLabels } from '../../lib/labels.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';
import { useCan } from '../../lib/permissions.ts';
import { MAX_REMEMBER_DAYS, SECOND_FACTOR_KINDS, SECOND_FACTOR_MODES, type SecondFactorKind } from '../../../../src/factors/views.ts';
import { useSourceTypes } from '../sources/useSourceTypes.ts';

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
const samePolicy = (a: SecondFactorPolicy, b: SecondFactorPolicy) =>
  a.mode === b.mode && a.enroll === b.enroll && a.rememberDays === b.rememberDays && sameSet(a.methods, b.methods) && sameSet(a.factors, b.factors);

export function SecondFactorSetting({ app, onSaved }: { app: Application; onSaved: (app: Application) => void }) {
  const { t } = useI18n();
  const labels = useLabels();
  const types = useSourceTypes();
  const writable = useCan()('applications:write');
  const [policy, setPolicy] = useState<SecondFactorPolicy>(app.secondFactor);
  const [days, setDays] = useState(String(app.secondFactor.rememberDays));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const set = (patch: Partial<SecondFactorPolicy>) => {
    setPolicy({ ...policy, ...patch });
    setDone(false);
  };
  const daysValid = /^\d+$/.test(days) && Number(days) >= 1 && Number(days) <= MAX_REMEMBER_DAYS;
  const wanted = { ...policy, rememberDays: daysValid ? Number(days) : policy.rememberDays };
  const methodsMissing = policy.mode === 'after_methods' && policy.methods.length === 0;
  const factorsMissing = policy.factors.length === 0;

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<ApplicationWithSecret>('PATCH', `/applications/${encodeURIComponent(app.id)}`, { secondFactor: wanted });
      onSaved(r.application);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const toggleMethod = (type: string, on: boolean) => set({ methods: on ? [...policy.methods, type] : policy.methods.filter((m) => m !== type) });
  const toggleFactor = (kind: SecondFactorKind, on: boolean) => set({ factors: on ? [...policy.factors, kind] : policy.factors.filter((k) => k !== kind) });

  return (
    <section className="card" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('secondFactor.title')}</h2>
      <p className="muted">{t('secondFactor.intro')}</p>
      <fieldset className="field wide bare checks described" disabled={!writable || busy}>
        <legend className="field-legend">{t('secondFactor.policy')}</legend>
        {SECOND_FACTOR_MODES.map((mode) => (
          <label key={mode}>
            <input type="radio" name="secondFactor" value={mode} checked={policy.mode === mode} onChange={() => set({ mode })} aria-describedby={`second-factor-${mode}-hint`} />
            <span>
              <span>{t(`secondFactor.${mode}`)}</span>
              <span className="hint" id={`second-factor-${mode}-hint`}>
                {t(`secondFactor.${mode}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {policy.mode === 'after_methods' && (
        <fieldset className="field wide bare checks described" disabled={!writable || busy}>
          <legend className="field-legend">{t('secondFactor.methods')}</legend>
          {(types.data?.items ?? []).map((type) => (
            <label key={type.type}>
              <input type="checkbox" checked={policy.methods.includes(type.type)} onChange={(e) => toggleMethod(type.type, e.target.checked)} />
              <span>{labels.sourceType(type.type)}</span>
            </label>
          ))}
          {methodsMissing && <p className="field-error">{t('secondFactor.methods.none')}</p>}
        </fieldset>
      )}
      {policy.mode === 'new_device' && (
        <Field id="second-factor-days" label={t('secondFactor.rememberDays')} hint={t('secondFactor.rememberDays.hint', { max: MAX_REMEMBER_DAYS })} error={daysValid ? undefined : t('secondFactor.rememberDays.invalid', { max: MAX_REMEMBER_DAYS })}>
          <input id="second-factor-days" type="number" inputMode="numeric" min={1} max={MAX_REMEMBER_DAYS} value={days} disabled={!writable || busy} onChange={(e) => { setDays(e.target.value); setDone(false); }} />
        </Field>
      )}
      {policy.mode !== 'never' && (
        <fieldset className="field wide bare checks described" disabled={!writable || busy}>
          <legend className="field-legend">{t('secondFactor.factors')}</legend>
          {SECOND_FACTOR_KINDS.map((kind) => (
            <label key={kind}>
              <input type="checkbox" checked={policy.factors.includes(kind)} onChange={(e) => toggleFactor(kind, e.target.checked)} aria-describedby={`second-factor-kind-${kind}-hint`} />
              <span>
                <span>{t(`secondFactor.factor.${kind}`)}</span>
                <span className="hint" id={`second-factor-kind-${kind}-hint`}>
                  {t(`secondFactor.factor.${kind}.hint`)}
                </span>
              </span>
            </label>
          ))}
          {factorsMissing && <p className="field-error">{t('secondFactor.factors.none')}</p>}
        </fieldset>
      )}
      {policy.mode !== 'never' && (
        <fieldset className="field wide bare checks described" disabled={!writable || busy}>
          <legend className="sr-only">{t('secondFactor.enroll')}</legend>
          <label>
            <input type="checkbox" checked={policy.enroll} onChange={(e) => set({ enroll: e.target.checked })} aria-describedby="second-factor-enroll-hint" />
            <span>
              <span>{t('secondFactor.enroll')}</span>
              <span className="hint" id="second-factor-enroll-hint">
                {t(policy.enroll ? 'secondFactor.enroll.on' : 'secondFactor.enroll.off')}
              </span>
            </span>
          </label>
        </fieldset>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      {done && samePolicy(wanted, app.secondFactor) && <Notice kind="ok">{t('secondFactor.saved')}</Notice>}
      {writable && (
        <div className="form-actions">
          {/* Named apart from the Login Configuration's Save above it, for whoever cannot see which card it is in. */}
          <button type="button" className="btn primary" aria-label={t('secondFactor.save')} disabled={busy || !daysValid || methodsMissing || factorsMissing || samePolicy(wanted, app.secondFactor)} onClick={save}>
            {busy ? t('state.saving') : t('action.save')}
          </button>
        </div>
      )}
    </section>
  );
}
