// Starts ringing for this window: the mailbox connections, the Ringer over the call engine, and
// a reload of the contact book whenever the keystore is ready.
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import { resolveLanguage, useSettingsStore } from '../app/settings-store';
import { useCallStore } from '../call/call-store';
import type { CallEngine } from '../call/engine/call-engine';
import { webCryptoProvider } from '../crypto/webcrypto-provider';
import { parleyApi } from '../parley-api';
import { MailboxLink } from './mailbox-link';
import { BeepRingTone } from './ring-tone';
import { useRingStore } from './ring-store';
import { Ringer } from './ringer';

let ringer: Ringer | null = null;

/** The window's Ringer (the contacts UI calls it); null before startRinging. */
export function currentRinger(): Ringer | null {
  return ringer;
}

export function startRinging(engine: CallEngine): Ringer {
  ringer = new Ringer({
    api: parleyApi(),
    provider: webCryptoProvider,
    mailbox: new MailboxLink(WebSocket as unknown as RelaySocketConstructor),
    engine: {
      createMeetingFor: (name, keys) => engine.createMeetingFor(name, keys),
      join: (link, name) => engine.join(link, name),
      inviteLink: () => useCallStore.getState().inviteLink,
      busy: () => !['idle', 'left', 'error'].includes(useCallStore.getState().phase),
    },
    displayName: () => useSettingsStore.getState().settings.displayName,
    tone: new BeepRingTone(),
    // Only the display name and verified state reach the OS notification (docs/PRIVACY.md).
    notify: (kind, caller, callId) => {
      const language = resolveLanguage(useSettingsStore.getState().settings.language, navigator.language);
      void parleyApi().notifyCall({ kind, callId, callerName: caller.displayName, verified: caller.verified, language }).catch(() => undefined);
    },
  });
  return ringer;
}

/** Starts listening once the keystore is open (main refuses key operations before that). */
export async function startRingerWhenReady(): Promise<void> {
  if (!ringer) return;
  try {
    await ringer.start();
  } catch (error) {
    useRingStore.setState({ problem: error instanceof Error ? error.message : String(error) });
  }
}
