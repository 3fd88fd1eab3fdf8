import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { ErrorNotice, Notice } from '../components/States.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

export function SignInPage() {
  const { t } = useI18n();
  const { signIn, expired } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <form className="card signin-card" onSubmit={submit} noValidate>
        <div className="signin-brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="40" height="40" />
          <div>
            <h1>{t('signin.title')}</h1>
            <p className="muted">{t('signin.subtitle')}</p>
          </div>
        </div>
        {expired && !error && <Notice kind="info">{t('signin.expired')}</Notice>}
        {error !== undefined && <ErrorNotice error={error} />}
        <div className="field">
          <label htmlFor="signin-username">{t('signin.username')}</label>
          <input id="signin-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('signin.password')}</label>
          <input id="signin-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <button type="submit" className="btn primary block" disabled={busy || !username.trim() || !password}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
