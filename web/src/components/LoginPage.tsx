import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { navigate } from '../router';
import { login } from '../state/session';

interface Props {
  /** Where to go once logged in (already checked to be a path on this site). */
  next: string;
}

export function LoginPage({ next }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(loginMessage(e));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} noValidate>
        <div class="brand brand-large">
          <span class="brand-mark" aria-hidden="true" />
          Hindsight
        </div>
        <p class="login-lead">Log in to watch your site's session replays.</p>
        <label class="field">
          <span>Email</span>
          <input
            data-testid="login-email"
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Password</span>
          <input
            data-testid="login-password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="login-error" data-testid="login-error" role="alert">
            {error}
          </p>
        )}
        <button class="button button-primary login-submit" data-testid="login-submit" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}

function loginMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Wrong email or password.';
    if (error.status === 429) {
      const wait = error.retryAfter ? ` in ${error.retryAfter} second${error.retryAfter === 1 ? '' : 's'}` : ' in a minute';
      return `Too many login attempts. Try again${wait}.`;
    }
    if (error.status === 400) return 'Enter your email and password.';
    return error.message;
  }
  return 'The server could not be reached. Check your connection and try again.';
}
