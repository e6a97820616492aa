/**
 * The web shell: checks for a session, shows sign-in without one, and otherwise the page for
 * the user's role.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, describeError, isUnauthenticated } from '../api/api-client';
import type { Session } from '../api/api-types';
import { LoadingMessage } from '../components/status-message';
import { InstructorPage } from '../pages/instructor-page';
import { OperatorPage } from '../pages/operator-page';
import { SignInPage } from '../pages/sign-in-page';
import { StudentPage } from '../pages/student-page';
import { resetRoute } from './hash-route';
import { SessionContext, type SessionState } from './session-context';

type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; session: Session };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ status: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    api.getSession(controller.signal).then(
      (session) => setAuth({ status: 'signed-in', session }),
      (error: unknown) => {
        if (controller.signal.aborted) {
          return;
        }
        setAuth({
          status: 'signed-out',
          notice: isUnauthenticated(error) ? null : describeError(error),
        });
      },
    );
    return () => controller.abort();
  }, []);

  const signOut = useCallback(async () => {
    let notice: string | null = null;
    try {
      await api.signOut();
    } catch (error) {
      if (!isUnauthenticated(error)) {
        notice = `Sign-out may not have finished: ${describeError(error)}`;
      }
    }
    resetRoute();
    setAuth({ status: 'signed-out', notice });
  }, []);

  const expire = useCallback(() => {
    setAuth({ status: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
  }, []);

  const onSignedIn = useCallback((session: Session) => {
    resetRoute();
    setAuth({ status: 'signed-in', session });
  }, []);

  const sessionState = useMemo<SessionState | null>(
    () => (auth.status === 'signed-in' ? { session: auth.session, signOut, expire } : null),
    [auth, signOut, expire],
  );

  switch (auth.status) {
    case 'checking':
      return (
        <main className="app-loading" id="main-content">
          <LoadingMessage>Loading Pathwise…</LoadingMessage>
        </main>
      );
    case 'signed-out':
      return <SignInPage onSignedIn={onSignedIn} notice={auth.notice} />;
    case 'signed-in':
      return (
        <SessionContext.Provider value={sessionState}>
          <RolePage session={auth.session} />
        </SessionContext.Provider>
      );
  }
}

function RolePage({ session }: { session: Session }) {
  switch (session.user.role) {
    case 'student':
      return <StudentPage />;
    case 'instructor':
    case 'admin':
      return <InstructorPage />;
    case 'operator':
      return <OperatorPage />;
  }
}
