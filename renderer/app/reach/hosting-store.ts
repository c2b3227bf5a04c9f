// How others reach the meetings this person hosts, as main reports it (main/hosting): read at
// start, after the person changes it, and whenever main says settings changed (policy, the LAN
// relay starting or its address changing).
import { create } from 'zustand';
import type { RelayHosting } from '../../../protocol/ipc-contract';
import { parleyApi } from '../../parley-api';
import { onMainEvent } from '../main-events';

interface HostingState {
  hosting: RelayHosting | null;
  /** The organisation's policy decides hostOnLocalNetwork / the relay: the choice is shown, locked. */
  localNetworkLocked: boolean;
  relayLocked: boolean;
  refresh(): Promise<void>;
}

export const useRelayHosting = create<HostingState>((set) => ({
  hosting: null,
  localNetworkLocked: false,
  relayLocked: false,
  refresh: async () => {
    if (!window.parley) return;
    try {
      const [hosting, settings] = await Promise.all([parleyApi().getRelayHosting(), parleyApi().getEffectiveSettings()]);
      set({ hosting, localNetworkLocked: settings.hostOnLocalNetwork.lockedBy === 'policy', relayLocked: settings.relayUrl.lockedBy === 'policy' });
    } catch (error) {
      console.warn('Could not read how others reach your meetings:', error instanceof Error ? error.message : error);
    }
  },
}));

export function watchRelayHosting(): () => void {
  void useRelayHosting.getState().refresh();
  return onMainEvent((event) => {
    if (event.type === 'settings-changed') void useRelayHosting.getState().refresh();
  });
}
