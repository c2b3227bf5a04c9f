// Pre-join belongs to the meeting it prepared: once that call is left, the person is back on
// Home rather than on a camera preview for a meeting that is over. Any other screen stays (an
// error keeps its own screen with a retry).
import { useCallStore } from '../call/call-store';
import { useUiStore } from './ui-store';

export function returnHomeAfterLeaving(): () => void {
  return useCallStore.subscribe((next, prev) => {
    if (next.phase !== 'left' || prev.phase === 'left' || useUiStore.getState().screen !== 'prejoin') return;
    useUiStore.setState({ screen: 'home', intent: null, panel: null });
  });
}
