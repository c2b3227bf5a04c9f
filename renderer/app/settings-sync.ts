// Main owns the settings it shares with the call engine and the policy (relay, display name):
// at start the renderer takes main's effective values (policy-locked ones become `managed`),
// and sends the person's changes back. Language, theme and devices stay renderer-only.
// Without main (a page not loaded by Parley) the local copy keeps working.
import type { EffectiveSettings } from '../../protocol/ipc-contract';
import { parleyApi } from '../parley-api';
import { ipcCode } from './ipc-code';
import { useSettingsStore } from './settings-store';

const NAME_DEBOUNCE_MS = 400;

export type RelaySaveResult = 'saved' | 'not-allowed' | 'locked' | 'failed';


let lastNameFromMain: string | null = null;

export function applyEffectiveSettings(effective: EffectiveSettings): void {
  lastNameFromMain = effective.displayName.value;
  const relayLocked = effective.relayUrl.lockedBy === 'policy';
  useSettingsStore.setState((s) => ({
    settings: {
      ...s.settings,
      displayName: effective.displayName.value || s.settings.displayName,
      relayUrl: relayLocked ? s.settings.relayUrl : (effective.relayUrl.value ?? ''),
    },
    managed: relayLocked ? { relayUrl: effective.relayUrl.value ?? '' } : {},
  }));
}

/** Loads main's settings, then keeps main's display name in step with the person's edits. */
export function startSettingsSync(): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  (async () => {
    try {
      const effective = await parleyApi().getEffectiveSettings();
      if (!stopped) applyEffectiveSettings(effective);
    } catch (error) {
      console.warn('Settings from Parley are not available:', error instanceof Error ? error.message : error);
    }
  })();
  const unsubscribe = useSettingsStore.subscribe((next, prev) => {
    const name = next.settings.displayName.trim();
    if (name === prev.settings.displayName.trim() || name === lastNameFromMain || !window.parley) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      parleyApi()
        .updateSettings({ displayName: name })
        .then((effective) => (lastNameFromMain = effective.displayName.value))
        .catch((error: unknown) => console.warn('Could not save the display name:', ipcCode(error) ?? error));
    }, NAME_DEBOUNCE_MS);
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}

/** Saves the relay (empty = default) in main, which checks it against the policy. */
export async function saveRelayUrl(relayUrl: string): Promise<RelaySaveResult> {
  if (!window.parley) {
    useSettingsStore.getState().update({ relayUrl });
    return 'saved';
  }
  try {
    const effective = await parleyApi().updateSettings({ relayUrl: relayUrl || null });
    useSettingsStore.getState().update({ relayUrl });
    applyEffectiveSettings(effective);
    return 'saved';
  } catch (error) {
    const code = ipcCode(error);
    if (code === 'relay-not-allowed') return 'not-allowed';
    if (code === 'locked-by-policy') {
      applyEffectiveSettings(await parleyApi().getEffectiveSettings());
      return 'locked';
    }
    return 'failed';
  }
}
