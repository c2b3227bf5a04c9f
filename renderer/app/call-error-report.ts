// Tells main's diagnostics (recent errors; the local diagnostics log when it is on) the code of
// each call that ended in an error — the code only, never its detail, which can name a relay.
import { useCallStore } from '../call/call-store';
import { parleyApi } from '../parley-api';

export function reportCallErrors(): () => void {
  return useCallStore.subscribe((state, previous) => {
    if (!window.parley || state.phase !== 'error' || previous.phase === 'error' || !state.error) return;
    void parleyApi().reportCallError(state.error.code).catch(() => undefined);
  });
}
