// Navigation and transient UI state: which screen, which side panel, which overlay, toasts.
// The call's own state lives in renderer/call/call-store.ts; while a call is joining, waiting,
// running or failed, App shows the call screens whatever `screen` says.
import { create } from 'zustand';
import type { MessageKey, Params } from '../i18n/i18n';

export type Screen = 'home' | 'prejoin' | 'meetings' | 'contacts' | 'settings' | 'privacy';
export type SidePanel = 'participants' | 'chat' | null;

/**
 * What the person asked for on Home or My meetings; pre-join carries it out (and an error screen
 * retries it). 'scheduled' opens a meeting scheduled here: its link names us as host, so it is
 * the same room with the same host, with the lobby rule it was scheduled with.
 */
export type CallIntent =
  | { kind: 'create' }
  | { kind: 'join'; inviteLink: string }
  | { kind: 'scheduled'; inviteLink: string; title: string; lobby: boolean };

export interface Toast {
  id: number;
  tone: 'info' | 'warning' | 'error';
  key: MessageKey;
  params?: Params;
}

interface UiState {
  screen: Screen;
  intent: CallIntent | null;
  panel: SidePanel;
  helpOpen: boolean;
  /** The in-call device dialog. */
  devicesOpen: boolean;
  inviteOpen: boolean;
  screenPickerOpen: boolean;
  toasts: Toast[];
  navigate(screen: Screen): void;
  startIntent(intent: CallIntent): void;
  togglePanel(panel: Exclude<SidePanel, null>): void;
  closePanel(): void;
  setHelpOpen(open: boolean): void;
  setDevicesOpen(open: boolean): void;
  setInviteOpen(open: boolean): void;
  setScreenPickerOpen(open: boolean): void;
  pushToast(toast: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
}

let nextToastId = 1;
/** Older toasts drop off so a busy call never fills the screen. */
const MAX_TOASTS = 4;

export const useUiStore = create<UiState>((set) => ({
  screen: 'home',
  intent: null,
  panel: null,
  helpOpen: false,
  devicesOpen: false,
  inviteOpen: false,
  screenPickerOpen: false,
  toasts: [],
  navigate: (screen) => set({ screen }),
  startIntent: (intent) => set({ intent, screen: 'prejoin' }),
  togglePanel: (panel) => set((s) => ({ panel: s.panel === panel ? null : panel })),
  closePanel: () => set({ panel: null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setDevicesOpen: (devicesOpen) => set({ devicesOpen }),
  setInviteOpen: (inviteOpen) => set({ inviteOpen }),
  setScreenPickerOpen: (screenPickerOpen) => set({ screenPickerOpen }),
  pushToast: (toast) => set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextToastId++ }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
