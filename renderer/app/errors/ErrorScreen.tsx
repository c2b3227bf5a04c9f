// The call failed or ended for a reason the person should know: say what happened and offer
// the next step (retry, passphrase, back home). Driven by the call store's error code.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { AlertIcon, ShieldAlertIcon } from '../../ui/icons';
import { useAppInfo } from '../app-info';
import { runCallIntent, runIntent } from '../call-intents';
import { effectiveRelayUrl, useSettingsStore } from '../settings-store';
import { useUiStore } from '../ui-store';
import { ERROR_CONTENT } from './error-content';
import { PassphrasePrompt } from '../keystore/PassphrasePrompt';

/** Runs the meeting intent again with the current display name. */
export function retryIntent(): void {
  const intent = useUiStore.getState().intent;
  const name = useSettingsStore.getState().settings.displayName.trim();
  if (!intent) return;
  void runCallIntent(intent, name);
}

/** "relay.example.org" of "wss://relay.example.org/parley", for sentences. */
function relayHostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function backHome(): void {
  useUiStore.getState().navigate('home');
  void runIntent((c) => c.leave());
}

export function ErrorScreen() {
  const t = useT();
  const error = useCallStore((s) => s.error);
  const hasIntent = useUiStore((s) => s.intent !== null);
  const settings = useSettingsStore((s) => s.settings);
  const managed = useSettingsStore((s) => s.managed);
  const embedded = useAppInfo((s) => s.info?.embeddedRelayUrl ?? null);
  const code = error?.code ?? 'internal';
  const content = ERROR_CONTENT[code];
  // The meeting's own relay (the link's) when the join got that far, else ours.
  const relay = useCallStore((s) => s.relayUrl) ?? effectiveRelayUrl(settings, managed, embedded);
  const relayHost = relay ? relayHostOf(relay) : '';
  return (
    <main className="page centered" aria-labelledby="error-title">
      <div className="card error-card">
        <span className="error-icon" data-icon={content.security ? 'shield' : 'alert'}>{content.security ? <ShieldAlertIcon /> : <AlertIcon />}</span>
        <div role="alert" className="error-message">
          <h1 id="error-title">{t(content.title)}</h1>
          <p>{t(content.body, { relay: relayHost })}</p>
        </div>
        {(code === 'relay-unreachable' || code === 'relay-not-allowed') && relay && (
          <p className="small">{t('error.relay.address')} <code className="mono">{relay}</code></p>
        )}
        {code === 'keystore-locked' && <PassphrasePrompt onUnlocked={retryIntent} />}
        {error?.detail && (
          <details className="error-details">
            <summary>{t('error.details')}</summary>
            <pre className="mono">{error.detail}</pre>
          </details>
        )}
        <div className="button-row">
          {content.retry && hasIntent && <button type="button" className="button primary" onClick={retryIntent}>{t('error.retry')}</button>}
          <button type="button" className="button ghost" onClick={backHome}>{t('error.home')}</button>
        </div>
      </div>
    </main>
  );
}
