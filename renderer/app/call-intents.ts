// Every user intent for the call goes through the engine's CallController. When it fails (or
// the engine is not running), the person sees a toast instead of an unhandled rejection.
import { callController } from '../call/call-store';
import type { CallController } from '../call/call-store';
import { useUiStore } from './ui-store';

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
