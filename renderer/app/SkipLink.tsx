// "Skip to main content": the first Tab stop on every screen (WCAG 2.4.1), past the navigation
// to the screen's <main>. Every screen renders exactly one <main>.
import type { MouseEvent } from 'react';
import { useT } from '../i18n/use-t';

function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.querySelector('main');
  if (!main) return;
  if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  main.focus();
}

export function SkipLink() {
  const t = useT();
  return (
    <a className="skip-link" href="#main" onClick={skipToMain}>
      {t('app.skipToMain')}
    </a>
  );
}
