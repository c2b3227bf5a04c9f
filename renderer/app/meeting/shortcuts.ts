// Keyboard shortcuts in a call. One table drives both the key handler and the help overlay.
import type { MessageKey } from '../../i18n/i18n';

export type ShortcutAction = 'mic' | 'camera' | 'screen' | 'chat' | 'participants' | 'devices' | 'help' | 'leave';

export interface Shortcut {
  action: ShortcutAction;
  /** As shown to people and in aria-keyshortcuts. */
  keys: string;
  labelKey: MessageKey;
  matches(event: KeyboardEvent): boolean;
}

const plain = (key: string) => (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === key;

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'mic', keys: 'M', labelKey: 'shortcuts.mic', matches: plain('m') },
  { action: 'camera', keys: 'V', labelKey: 'shortcuts.camera', matches: plain('v') },
  { action: 'screen', keys: 'S', labelKey: 'shortcuts.screen', matches: plain('s') },
  { action: 'chat', keys: 'C', labelKey: 'shortcuts.chat', matches: plain('c') },
  { action: 'participants', keys: 'P', labelKey: 'shortcuts.participants', matches: plain('p') },
  { action: 'devices', keys: 'D', labelKey: 'shortcuts.devices', matches: plain('d') },
  { action: 'help', keys: '?', labelKey: 'shortcuts.help', matches: (e) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key === '?' },
  {
    action: 'leave',
    keys: 'Control+Shift+L',
    labelKey: 'shortcuts.leave',
    matches: (e) => (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l',
  },
];

export function shortcutKeys(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.keys ?? '';
}

/** Typing in a field or using a dialog must never toggle the microphone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('[role="dialog"], [role="alertdialog"]')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.repeat || isTypingTarget(event.target)) return null;
  return SHORTCUTS.find((s) => s.matches(event))?.action ?? null;
}
