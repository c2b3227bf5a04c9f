// Every user intent for the call goes through the engine's CallController. When it fails (or
// the engine is not running), the person sees a toast instead of an unhandled rejection.
import { callController } from '../call/call-store';
import type { CallController } from '../call/call-store';
import { useUiStore } from './ui-store';
import type { CallIntent } from './ui-store';

export function runIntent(action: (controller: CallController) => Promise<void> | void): Promise<void> {
  return (async () => {
    try {
      await action(callController());
    } catch (error) {
      console.warn('Call action failed:', error instanceof Error ? error.message : error);
      useUiStore.getState().pushToast({ tone: 'error', key: 'toast.actionFailed' });
    }
  })();
}

/** What the engine does for an intent, with this display name (pre-join, and the error screen's retry). */
export function runCallIntent(intent: CallIntent, displayName: string): Promise<void> {
  return runIntent((controller) => {
    switch (intent.kind) {
      case 'create':
        return controller.createMeeting(displayName);
      case 'join':
        return controller.join(intent.inviteLink, displayName);
      case 'scheduled':
        return controller.join(intent.inviteLink, displayName, { lobby: intent.lobby });
    }
  });
}
