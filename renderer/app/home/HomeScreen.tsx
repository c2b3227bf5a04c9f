// Home: name yourself, start a meeting (or schedule one for later) or join one by pasting its invite link.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useT } from '../../i18n/use-t';
import { LinkIcon, PlusIcon, ShieldCheckIcon } from '../../ui/icons';
import { useAppInfo } from '../app-info';
import { DisplayNameField } from '../DisplayNameField';
import { inviteLinkProblem } from '../invite-link';
import { useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { WhoLearnsWhat } from '../privacy/WhoLearnsWhat';
import { ReachSummary } from '../reach/ReachSummary';
import { RecentRooms } from './RecentRooms';

function AppVersion() {
  const t = useT();
  const info = useAppInfo((s) => s.info);
  const failed = useAppInfo((s) => s.failed);
  if (failed) return <p role="alert" className="error-text">{t('app.noMain')}</p>;
  if (!info) return <p className="muted" aria-busy="true">{t('app.connecting')}</p>;
  return (
    <p className="muted small" data-testid="app-version">
      {info.name} {info.version} · {info.platform}
    </p>
  );
}

export function HomeScreen() {
  const t = useT();
  const displayName = useSettingsStore((s) => s.settings.displayName);
  const startIntent = useUiStore((s) => s.startIntent);
  const navigate = useUiStore((s) => s.navigate);
  const [link, setLink] = useState('');
  const [nameError, setNameError] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkId = useId();

  function nameIsValid(): boolean {
    const ok = displayName.trim().length > 0;
    setNameError(!ok);
    return ok;
  }

  function create(event: FormEvent) {
    event.preventDefault();
    if (nameIsValid()) startIntent({ kind: 'create' });
  }

  function join(event: FormEvent) {
    event.preventDefault();
    const problem = inviteLinkProblem(link);
    setLinkError(problem);
    if (nameIsValid() && problem === null) startIntent({ kind: 'join', inviteLink: link.trim() });
  }

  return (
    <main className="page home" aria-labelledby="home-title">
      <section className="home-intro">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lead">{t('home.tagline')}</p>
        <ul className="trust-list">
          <li><ShieldCheckIcon />{t('home.trust.e2ee')}</li>
          <li><ShieldCheckIcon />{t('home.trust.relay')}</li>
          <li><ShieldCheckIcon />{t('home.trust.local')}</li>
        </ul>
      </section>

      <section className="card home-actions" aria-label={t('home.actionsLabel')}>
        {/* A form of its own, so Enter in the name field starts a meeting. */}
        <form className="create-form" onSubmit={create} noValidate>
          <DisplayNameField missing={nameError} onFilled={() => setNameError(false)} />
          <button type="submit" className="button primary large">
            <PlusIcon />
            {t('home.create')}
          </button>
          <button type="button" className="button secondary" onClick={() => navigate('meetings')}>
            {t('home.schedule')}
          </button>
        </form>

        <div className="divider" role="separator"><span>{t('home.or')}</span></div>

        <form className="join-form" onSubmit={join} noValidate>
          <div className="field">
            <label htmlFor={linkId}>{t('home.linkLabel')}</label>
            <input
              id={linkId}
              type="url"
              inputMode="url"
              spellCheck={false}
              autoComplete="off"
              value={link}
              placeholder="parley://join#…"
              aria-invalid={linkError !== null || undefined}
              aria-describedby={linkError ? `${linkId}-error` : undefined}
              onChange={(event) => {
                setLink(event.target.value);
                setLinkError(null);
              }}
            />
            {linkError !== null && (
              <p id={`${linkId}-error`} className="field-error">
                {t('home.linkInvalid')} <span className="mono small">{linkError}</span>
              </p>
            )}
          </div>
          <button type="submit" className="button secondary">
            <LinkIcon />
            {t('home.join')}
          </button>
        </form>
      </section>

      <ReachSummary />

      {/* After the actions in Tab order: a person who came to start or join gets there first. */}
      <details className="who-learns">
        <summary>{t('privacy.whoLearnsWhat')}</summary>
        <WhoLearnsWhat />
      </details>

      <RecentRooms onJoin={(inviteLink) => nameIsValid() && startIntent({ kind: 'join', inviteLink })} />

      <footer className="page-footer">
        <AppVersion />
      </footer>
    </main>
  );
}
