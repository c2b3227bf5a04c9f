// Turns changes in the call store into toasts: who joined, who left, who took another name,
// whose key changed, who is knocking, and that we became the host. Pure diffing here; watchCallEvents connects it to the stores.
import { useCallStore } from '../call/call-store';
import type { CallState } from '../call/call-store';
import { useUiStore } from './ui-store';
import type { Toast } from './ui-store';

type ToastSpec = Omit<Toast, 'id'>;

/** Right after entering a call the member list fills in; those are not "joins" worth a toast. */
export const JOIN_QUIET_MS = 3000;

export function callEventsBetween(prev: CallState, next: CallState, announceJoins = true): ToastSpec[] {
  // Only announce changes during a running call.
  if (prev.phase !== 'in-call' || next.phase !== 'in-call') return [];
  const events: ToastSpec[] = [];
  for (const peerId of next.order) {
    const now = next.participants[peerId];
    const before = prev.participants[peerId];
    if (!now) continue;
    if (!before) {
      if (announceJoins) events.push({ tone: 'info', key: 'toast.joined', params: { name: now.displayName } });
    } else if (now.displayName !== before.displayName) {
      events.push({ tone: 'warning', key: 'toast.renamed', params: { before: before.displayName, name: now.displayName } });
    } else if (now.verification === 'changed' && before.verification !== 'changed') {
      events.push({ tone: 'warning', key: 'toast.keyChanged', params: { name: now.displayName } });
    }
  }
  for (const peerId of prev.order) {
    const before = prev.participants[peerId];
    if (before && !next.participants[peerId]) events.push({ tone: 'info', key: 'toast.left', params: { name: before.displayName } });
  }
  if (next.isHost && !prev.isHost) events.push({ tone: 'info', key: 'toast.nowHost' });
  if (next.isHost) {
    const waiting = new Set(prev.lobby.map((entry) => entry.peerId));
    for (const entry of next.lobby) {
      if (!waiting.has(entry.peerId)) events.push({ tone: 'info', key: 'toast.knocking', params: { name: entry.displayName } });
    }
  }
  return events;
}

/** Subscribes for the life of the app; returns the unsubscribe function. */
export function watchCallEvents(now: () => number = Date.now): () => void {
  let enteredAt = 0;
  return useCallStore.subscribe((next, prev) => {
    if (next.phase === 'in-call' && prev.phase !== 'in-call') enteredAt = now();
    const announceJoins = now() - enteredAt >= JOIN_QUIET_MS;
    for (const toast of callEventsBetween(prev, next, announceJoins)) useUiStore.getState().pushToast(toast);
  });
}
