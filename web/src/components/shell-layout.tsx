/** The signed-in page frame: skip link, banner, optional side navigation and the main region. */
import type { MouseEvent, ReactNode } from 'react';
import { AppHeader } from './app-header';

interface ShellLayoutProps {
  /** Side navigation, already wrapped in a labelled `<nav>`. */
  nav?: ReactNode;
  children: ReactNode;
}

export function ShellLayout({ nav, children }: ShellLayoutProps) {
  return (
    <>
      <a className="skip-link" href="#main-content" onClick={skipToMain}>
        Skip to main content
      </a>
      <AppHeader />
      <div className={nav ? 'shell shell-with-nav' : 'shell'}>
        {nav}
        <main id="main-content" className="shell-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}

/** The shell routes on the hash, so the skip link moves focus itself instead of navigating. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main-content')?.focus();
}
