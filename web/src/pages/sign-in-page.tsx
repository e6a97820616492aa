/** Sign-in with email, password and, for people in several institutions, the institution. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, describeError } from '../api/api-client';
import type { Session } from '../api/api-types';
import { BrandMark } from '../components/app-header';

type Field = 'email' | 'password' | 'tenant';

interface SignInPageProps {
  onSignedIn: (session: Session) => void;
  /** Shown above the form, e.g. after the session expired. */
  notice?: string | null;
}

export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Pathwise';
    emailRef.current?.focus();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    setFieldErrors({});
    const slug = tenant.trim().toLowerCase();
    api
      .signIn({ email: email.trim(), password, ...(slug ? { tenant: slug } : {}) })
      .then(onSignedIn, (cause: unknown) => {
        setError(describeError(cause));
        setFieldErrors(cause instanceof ApiError ? toFieldErrors(cause.fieldErrors) : {});
        setSubmitting(false);
      });
  };

  const describedBy = (field: Field, hintId?: string) =>
    [hintId, fieldErrors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') ||
    undefined;

  return (
    <div className="sign-in-layout">
      <main className="sign-in-card" id="main-content">
        <div className="sign-in-brand">
          <BrandMark />
          <span>Pathwise</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Adaptive practice for your courses.</p>
        {notice ? (
          <p className="notice" role="status" aria-live="polite">
            {notice}
          </p>
        ) : null}
        <div role="alert" aria-live="assertive" className="sign-in-error-region">
          {error ? <p className="form-error">{error}</p> : null}
        </div>
        <form onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              ref={emailRef}
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={describedBy('email')}
            />
            <FieldError field="email" message={fieldErrors.email} />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={describedBy('password')}
            />
            <FieldError field="password" message={fieldErrors.password} />
          </div>
          <div className="field">
            <label htmlFor="tenant">
              Institution <span className="optional">(optional)</span>
            </label>
            <input
              id="tenant"
              name="tenant"
              type="text"
              autoComplete="organization"
              autoCapitalize="none"
              spellCheck={false}
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              aria-invalid={fieldErrors.tenant ? true : undefined}
              aria-describedby={describedBy('tenant', 'tenant-hint')}
            />
            <p className="field-hint" id="tenant-hint">
              The institution’s short name, e.g. <code>demo</code>. Leave blank if you belong to
              only one.
            </p>
            <FieldError field="tenant" message={fieldErrors.tenant} />
          </div>
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={submitting}
          >
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="demo-hint">
          Demo sign-in is printed by <code>npm start</code> and saved in{' '}
          <code>data/demo-credentials.json</code>
        </p>
      </main>
    </div>
  );
}

function FieldError({ field, message }: { field: Field; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={`${field}-error`}>
      {message}
    </p>
  ) : null;
}

/** Maps `[{ path: '/email', message }]` from a problem body onto the form's fields. */
function toFieldErrors(
  errors: readonly { path: string; message: string }[],
): Partial<Record<Field, string>> {
  const result: Partial<Record<Field, string>> = {};
  for (const { path, message } of errors) {
    const name = path.split(/[/.]/).filter(Boolean).pop();
    if ((name === 'email' || name === 'password' || name === 'tenant') && !result[name]) {
      result[name] = message;
    }
  }
  return result;
}
