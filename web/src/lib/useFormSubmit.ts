/**
 * A form's submit: the console's own checks first, then the call; each problem, the form's or the
 * server's, lands beside its field, with one sentence above the buttons.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useProblemText } from './problems.ts';

export function useFormSubmit() {
  const { t } = useI18n();
  const { describe, fieldMessages } = useProblemText();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  /**
   * `local`: message keys by field, from the form's checks (or messages already worded: `{ text }`); `fieldOf` moves
   * a server field key onto the form's own. Resolves to the messages now shown by field (none after a success), for
   * a form that must reveal a folded field.
   */
  const submit = async (local: Record<string, MessageKey | { text: string }>, call: () => Promise<void>, fieldOf: (key: string) => string = (k) => k): Promise<Record<string, string>> => {
    setFailure(undefined);
    if (Object.keys(local).length) {
      const byField = Object.fromEntries(Object.entries(local).map(([k, key]) => [k, typeof key === 'string' ? t(key) : key.text]));
      setErrors(byField);
      setFailure(t('form.fixFields'));
      return byField;
    }
    setErrors({});
    setBusy(true);
    try {
      await call();
      return {};
    } catch (err) {
      const byField = Object.fromEntries(Object.entries(fieldMessages(err)).map(([k, message]) => [fieldOf(k), message]));
      setErrors(byField);
      setFailure(Object.keys(byField).length ? t('form.fixFields') : describe(err));
      return byField;
    } finally {
      setBusy(false);
    }
  };

  /** A field's messages go once it is edited (a list's rows too: an edit may renumber them). */
  const clear = (key: string) => {
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`))));
    setFailure(undefined);
  };

  return { errors, failure, busy, submit, clear };
}
