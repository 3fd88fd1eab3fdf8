/** An application's second-factor policy, under its Login Configuration: none, or an authenticator app's code at every sign-in. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import type { Application, ApplicationWithSecret } from '../../lib/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice, Notice } from '../../components/States.tsx';
import { useCan } from '../../lib/permissions.ts';

export function SecondFactorSetting({ app, onSaved }: { app: Application; onSaved: (app: Application) => void }) {
  const { t } = useI18n();
  const writable = useCan()('applications:write');
  const [mode, setMode] = useState(app.secondFactor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<ApplicationWithSecret>('PATCH', `/applications/${encodeURIComponent(app.id)}`, { secondFactor: mode });
      onSaved(r.application);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('secondFactor.title')}</h2>
      <p className="muted">{t('secondFactor.intro')}</p>
      <fieldset className="field wide bare checks" disabled={!writable || busy}>
        <legend className="field-legend">{t('secondFactor.policy')}</legend>
        {(['never', 'always'] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="secondFactor"
              value={value}
              checked={mode === value}
              onChange={() => {
                setMode(value);
                setDone(false);
              }}
              aria-describedby={`second-factor-${value}-hint`}
            />
            <span>
              <span>{t(`secondFactor.${value}`)}</span>
              <span className="hint" id={`second-factor-${value}-hint`}>
                {t(`secondFactor.${value}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {error !== undefined && <ErrorNotice error={error} />}
      {done && mode === app.secondFactor && <Notice kind="ok">{t('secondFactor.saved')}</Notice>}
      {writable && (
        <div className="form-actions">
          <button type="button" className="btn primary" disabled={busy || mode === app.secondFactor} onClick={save}>
            {busy ? t('state.saving') : t('action.save')}
          </button>
        </div>
      )}
    </section>
  );
}
