/** A write-only secret (AppSecret, push token, AES key): never shown, a "Set" badge when one is stored, empty keeps it. */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, describedBy } from '../../components/Field.tsx';
import { Badge } from '../../components/States.tsx';

export function SecretField({ id, label, value, onChange, isSet, error, hint, disabled, maxLength }: { id: string; label: string; value: string; onChange(value: string): void; isSet: boolean; error?: string; hint?: ReactNode; disabled: boolean; maxLength?: number }) {
  const { t } = useI18n();
  const said = hint ?? t(isSet ? 'sourceForm.secret.keep' : 'sourceForm.secret.new');
  return (
    <Field id={id} label={label} hint={said} error={error} required={!isSet}>
      <div className="with-badge">
        <input id={id} type="password" autoComplete="new-password" spellCheck={false} maxLength={maxLength} disabled={disabled} value={value} placeholder={isSet ? '••••••••••••' : ''} onChange={(e) => onChange(e.target.value)} {...describedBy(id, error, said)} />
        {isSet && <Badge kind="ok">{t('sourceForm.secret.set')}</Badge>}
      </div>
    </Field>
  );
}
