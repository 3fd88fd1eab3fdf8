/** A password to give someone: typed or generated, shown on request, with its rule beside it. */
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { PASSWORD_LENGTH, generatePassword } from './adminForm.ts';

export function PasswordField({ id, label, value, error, onChange }: { id: string; label: string; value: string; error?: string; onChange(value: string): void }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <Field id={id} label={label} required error={error} hint={t('admins.password.hint', PASSWORD_LENGTH)} wide>
      <div className="with-button">
        <input
          id={id}
          className={shown ? 'mono' : undefined}
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          maxLength={PASSWORD_LENGTH.max}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...describedBy(id, error, true)}
        />
        <button type="button" className="btn ghost" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? t('admins.password.hide') : t('admins.password.show')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            onChange(generatePassword());
            setShown(true);
          }}
        >
          {t('admins.password.generate')}
        </button>
      </div>
    </Field>
  );
}
