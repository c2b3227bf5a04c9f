// Test-only page (its own Vite build, never part of dist/renderer): the real App with the call
// store seeded as the engine would fill it, and a scripted CallController that applies each
// intent to the store, so the call screens can be driven, screenshotted and scanned in Chromium
// before the engine exists. The e2e test drives it through window.fixture.
import '../../../renderer/polyfills';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../../renderer/app/App';
import '../../../renderer/app/styles.css';
import { initialCallState, registerCallController, useCallStore } from '../../../renderer/call/call-store';
import type { CallController, CallState, Participant } from '../../../renderer/call/call-store';
import { useUiStore } from '../../../renderer/app/ui-store';
import { useSettingsStore } from '../../../renderer/app/settings-store';

const PALETTE = ['#3c5a99', '#7a4e9c', '#2f7d6b', '#a4582f', '#5b6b7d'];

/** A moving video track with a coloured background, like a camera. */
function paintedStream(index: number, label: string): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const ctx = canvas.getContext('2d')!;
  let frame = 0;
  const draw = () => {
    ctx.fillStyle = PALETTE[index % PALETTE.length]!;
    ctx.fillRect(0, 0, 640, 360);
    ctx.fillStyle = 'rgba(255,255,255,0.18)';
    ctx.beginPath();
    ctx.arc(320, 200 + Math.sin(frame / 10) * 4, 90, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.font = '600 28px sans-serif';
    ctx.fillText(label, 24, 48);
    frame++;
  };
  draw();
  setInterval(draw, 100);
  return canvas.captureStream(10);
}

function participant(index: number, name: string, extra: Partial<Participant> = {}): Participant {
  const digits = Array.from({ length: 60 }, (_, i) => String((i * 7 + index * 3) % 10)).join('');
  return {
    peerId: `peer-${index}`,
    displayName: name,
    joinedAs: null,
    identityKeyHex: 'ab'.repeat(32),
    safetyNumber: digits,
    verification: 'unverified',
    trustWarning: null,
    isHost: false,
    audioMuted: false,
    videoMuted: false,
    speaking: false,
    quality: 'good',
    e2ee: true,
    stream: paintedStream(index, name),
    screenStream: null,
    connectionProblem: null,
    stats: { rttMs: 24, sendBitrateKbps: 900, receiveBitrateKbps: 850, packetLossPercent: 0, framesDecoded: 100, framesSent: 0, decryptFailures: 0, route: 'direct', candidateTypes: null, videoSend: 'full' },
    ...extra,
  };
}

function seededCall(): CallState {
  const people = [
    participant(1, 'Grace Hopper', { verification: 'verified', speaking: true }),
    participant(2, 'Alan Turing', { audioMuted: true, quality: 'fair' }),
    participant(3, 'Katherine Johnson', { videoMuted: true, quality: 'poor' }),
  ];
  return {
    ...initialCallState,
    phase: 'in-call',
    inviteLink: `parley://join#${'Q'.repeat(43)}.hostKey1`,
    isHost: true,
    relay: 'connected',
    self: { peerId: 'self', displayName: 'Ada Lovelace', audioMuted: false, videoMuted: false, screenSharing: false, stream: paintedStream(0, 'Ada') },
    participants: Object.fromEntries(people.map((p) => [p.peerId, p])),
    order: people.map((p) => p.peerId),
    activeSpeaker: 'peer-1',
    lobby: [{ peerId: 'peer-9', displayName: 'Hedy Lamarr', safetyNumber: '1234567890'.repeat(6), removedEarlier: false, verification: 'unverified', trustWarning: null }],
  };
}

const calls: string[] = [];
const set = useCallStore.setState;
const get = useCallStore.getState;
const patchPeer = (peerId: string, patch: Partial<Participant>) =>
  set((s) => ({ participants: { ...s.participants, [peerId]: { ...s.participants[peerId]!, ...patch } } }));

const controller: CallController = {
  createMeeting: async () => void calls.push('createMeeting'),
  join: async () => void calls.push('join'),
  prepareJoin: async () => {},
  cancelPreparedJoin: () => {},
  switchDevice: async () => {},
  leave: async () => {
    calls.push('leave');
    set({ ...initialCallState, phase: 'left' });
  },
  setMicMuted: (muted) => {
    calls.push(`mic:${muted}`);
    set((s) => ({ self: { ...s.self, audioMuted: muted } }));
  },
  setCameraMuted: (muted) => {
    calls.push(`camera:${muted}`);
    set((s) => ({ self: { ...s.self, videoMuted: muted } }));
  },
  startScreenShare: async () => {
    calls.push('screen:start');
    set((s) => ({ self: { ...s.self, screenSharing: true } }));
  },
  stopScreenShare: async () => {
    calls.push('screen:stop');
    set((s) => ({ self: { ...s.self, screenSharing: false } }));
  },
  sendChat: async (text) => {
    calls.push(`chat:${text}`);
    set((s) => ({ chat: [...s.chat, { id: `m${s.chat.length}`, fromPeerId: 'self', displayName: s.self.displayName, text, sentAt: Date.UTC(2026, 10, 27, 9, 30) }] }));
  },
  admit: async (peerId) => {
    calls.push(`admit:${peerId}`);
    const entry = get().lobby.find((e) => e.peerId === peerId)!;
    const admitted = participant(9, entry.displayName, { peerId, safetyNumber: entry.safetyNumber });
    set((s) => ({
      lobby: s.lobby.filter((e) => e.peerId !== peerId),
      participants: { ...s.participants, [peerId]: admitted },
      order: [...s.order, peerId],
    }));
  },
  deny: async (peerId) => {
    calls.push(`deny:${peerId}`);
    set((s) => ({ lobby: s.lobby.filter((e) => e.peerId !== peerId) }));
  },
  remove: async (peerId) => {
    calls.push(`remove:${peerId}`);
    set((s) => {
      const participants = { ...s.participants };
      delete participants[peerId];
      return { participants, order: s.order.filter((id) => id !== peerId) };
    });
  },
  lockRoom: async (locked) => {
    calls.push(`lock:${locked}`);
    set({ locked });
  },
  setLobbyEnabled: async (enabled) => {
    calls.push(`lobby:${enabled}`);
    set({ lobbyEnabled: enabled });
  },
  handOverHost: async (peerId) => {
    calls.push(`host:${peerId}`);
    patchPeer(peerId, { isHost: true });
    set({ isHost: false });
  },
  markVerified: async (peerId, verified) => {
    calls.push(`verified:${peerId}:${verified}`);
    patchPeer(peerId, { verification: verified ? 'verified' : 'unverified' });
  },
  // The fixture's code: 74 bytes shaped like Signal's scannable payload (not a real one).
  scannableCode: () => Uint8Array.from({ length: 74 }, (_, i) => (i * 11) % 256),
  checkScannedCode: async (peerId) => {
    calls.push(`scanned:${peerId}`);
    return 'mismatch';
  },
  meetingCode: () => ({ groups: ['1234', '5678', '9012', '3456'], people: [{ peerId: 'self', displayName: 'You', keyCode: '0001' }] }),
  markVerifiedByMeetingCode: async (peerIds) => {
    calls.push(`meeting-code:${peerIds.join(',')}`);
  },
};

registerCallController(controller);
useCallStore.setState(seededCall());
// As if the person had started from Home: error screens offer "Try again".
useUiStore.setState({ intent: { kind: 'join', inviteLink: seededCall().inviteLink! } });

declare global {
  interface Window {
    fixture: unknown;
  }
}
window.fixture = {
  calls,
  seed: () => useCallStore.setState(seededCall(), true),
  setCall: (patch: Partial<CallState>) => useCallStore.setState(patch),
  patchPeer,
  addMessage: (fromPeerId: string, displayName: string, text: string) =>
    set((s) => ({
      chat: [...s.chat, { id: `m${s.chat.length}`, fromPeerId, displayName, text, sentAt: Date.UTC(2026, 10, 27, 9, 31) }],
      unreadChat: s.chatOpen ? s.unreadChat : s.unreadChat + 1,
    })),
  ui: useUiStore,
  settings: useSettingsStore,
  presentScreen: (peerId: string) => patchPeer(peerId, { screenStream: paintedStream(4, 'Shared screen: quarterly report') }),
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
