// What the desktop around the window asks for: Accept / Decline pressed on a ring's OS
// notification (main holds the answer until we take it; it applies only to the ring it was
// shown for), "Start a meeting" from the tray menu (the pre-join screen of a new meeting,
// unless a call is already under way) and "Settings…" from the application menu.
import { parleyApi } from '../parley-api';
import { useCallStore } from '../call/call-store';
import { currentRinger } from '../contacts/start-ringing';
import { useRingStore } from '../contacts/ring-store';
import { onMainEvent } from './main-events';
import { useUiStore } from './ui-store';

async function takeRingAnswer(): Promise<void> {
  const answer = await parleyApi().takeRingAnswer();
  const ringer = currentRinger();
  // A stale notification (that ring was cancelled, timed out or answered in the window) does nothing.
  if (!answer || !ringer || useRingStore.getState().incoming?.callId !== answer.callId) return;
  await (answer.answer === 'accept' ? ringer.accept() : ringer.decline());
}

function startMeeting(): void {
  const phase = useCallStore.getState().phase;
  if (phase === 'idle' || phase === 'left') useUiStore.getState().startIntent({ kind: 'create' });
}

export function watchDesktopEvents(): () => void {
  return onMainEvent((event) => {
    if (event.type === 'ring-answer') {
      takeRingAnswer().catch((error: unknown) => {
        useRingStore.setState({ problem: error instanceof Error ? error.message : String(error) });
      });
    }
    if (event.type === 'start-meeting') startMeeting();
    if (event.type === 'open-settings') useUiStore.getState().navigate('settings');
  });
}
