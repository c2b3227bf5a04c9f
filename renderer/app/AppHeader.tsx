// Top bar outside calls: brand and the places a person can go.
import { useT } from '../i18n/use-t';
import { ParleyMark } from '../ui/icons';
import { useUiStore } from './ui-store';
import type { Screen } from './ui-store';

const NAV: readonly { screen: Screen; key: 'nav.home' | 'nav.meetings' | 'nav.contacts' | 'nav.settings' | 'nav.privacy' }[] = [
  { screen: 'home', key: 'nav.home' },
  { screen: 'meetings', key: 'nav.meetings' },
  { screen: 'contacts', key: 'nav.contacts' },
  { screen: 'settings', key: 'nav.settings' },
  { screen: 'privacy', key: 'nav.privacy' },
];

export function AppHeader() {
  const t = useT();
  const screen = useUiStore((s) => s.screen);
  const navigate = useUiStore((s) => s.navigate);
  return (
    <header className="app-header">
      <div className="brand">
        <ParleyMark />
        <span className="brand-name">Parley</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.screen}>
              <button
                type="button"
                className="nav-link"
                aria-current={screen === item.screen || (item.screen === 'home' && screen === 'prejoin') ? 'page' : undefined}
                onClick={() => navigate(item.screen)}
              >
                {t(item.key)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
