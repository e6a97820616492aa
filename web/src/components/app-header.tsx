/** The banner: product name, institution, who is signed in, and sign-out. */
import { useState } from 'react';
import type { UserRole } from '../api/api-types';
import { useSession } from '../app/session-context';

const ROLE_NAMES: Record<UserRole, string> = {
  student: 'Student',
  instructor: 'Instructor',
  admin: 'Administrator',
  operator: 'Operator',
};

export function AppHeader() {
  const { session, signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const onSignOut = () => {
    setSigningOut(true);
    void signOut().finally(() => setSigningOut(false));
  };
  return (
    <header className="app-header">
      <a className="brand" href="#/">
        <BrandMark />
        <span>Pathwise</span>
      </a>
      {session.tenant ? <span className="tenant-name">{session.tenant.name}</span> : null}
      <div className="user-menu">
        <span className="user-identity">
          <span className="user-name">{session.user.displayName}</span>
          <span className="user-role">{ROLE_NAMES[session.user.role]}</span>
        </span>
        <button
          type="button"
          className="button button-secondary"
          onClick={onSignOut}
          disabled={signingOut}
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="7" />
      <path d="M8 22 L14 14 L19 18 L25 9" />
      <circle cx="25" cy="9" r="2.5" />
    </svg>
  );
}
