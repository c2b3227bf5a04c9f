// Starts the call engine for this window with the browser's real dependencies.
import { withPreferredDevices } from '../app/join-preferences';
import { onMainEvent } from '../app/main-events';
import { openWithPreview } from '../app/prejoin/preview-handoff';
import { webCryptoProvider } from '../crypto/webcrypto-provider';
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import { parleyApi } from '../parley-api';
import { registerCallController } from './call-store';
import { CallEngine } from './engine/call-engine';
import type { CallSettings } from './engine/call-engine';
import { relayConnector } from './engine/relay-connection';
import { startRecordingController } from './recording/start-recording';

/** Main's effective settings for a join, read once per join. */
async function callSettings(): Promise<CallSettings> {
  const api = parleyApi();
  const [{ allowedRelays, alwaysRelayCalls, requireLobby }, hosting] = await Promise.all([api.getEffectiveSettings(), api.getRelayHosting()]);
  return {
    // Where meetings hosted here live (main/hosting: the organisation's, the chosen, the LAN or
    // the embedded relay; main's settings already keep it inside the organisation's allowedRelays).
    relayUrl: hosting.relayUrl,
    allowedRelays: allowedRelays.value,
    alwaysRelayCalls: alwaysRelayCalls.value,
    lobbyByDefault: requireLobby.value,
    lobbyRequiredByPolicy: requireLobby.source === 'policy' && requireLobby.value,
  };
}

export function startCallEngine(): CallEngine {
  const engine = new CallEngine({
    api: parleyApi(),
    provider: webCryptoProvider,
    // The DOM types want ArrayBuffer-backed views; the relay client only sends those.
    connectRelay: relayConnector(WebSocket as unknown as RelaySocketConstructor),
    callSettings,
    // The camera and microphone chosen on the pre-join screen, taken over from its preview.
    getUserMedia: (constraints) => openWithPreview(withPreferredDevices(constraints), (rest) => navigator.mediaDevices.getUserMedia(rest)),
    openDevice: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    getDisplayMedia: () => navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }),
  });
  registerCallController(engine);
  startRecordingController(engine, parleyApi());
  // A new policy may trust other organisations or revoke a key: statements in the call are checked again.
  onMainEvent((event) => {
    if (event.type === 'settings-changed') engine.recheckOrganisations();
  });
  return engine;
}
