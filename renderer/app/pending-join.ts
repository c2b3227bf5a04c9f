// A parley:// link the person opened (its relay included) (main holds it until the renderer asks): start joining
// it. Asked at start and whenever the window gets focus (the link may arrive while running).
import { parleyApi } from '../parley-api';
import { onMainEvent } from './main-events';
import { useCallStore } from '../call/call-store';
import { useUiStore } from './ui-store';

async function takePendingJoin(): Promise<void> {
  if (!window.parley) return;
  try {
    const link = await parleyApi().takePendingJoinLink();
    if (!link) return;
    const phase = useCallStore.getState().phase;
    if (phase === 'idle' || phase === 'left') {
      useUiStore.getState().startIntent({ kind: 'join', inviteLink: link.inviteLink });
    }
  } catch (error) {
    console.warn('Could not read the opened link:', error instanceof Error ? error.message : error);
  }
}

export function watchPendingJoinLinks(): () => void {
  void takePendingJoin();
  const onFocus = () => void takePendingJoin();
  window.addEventListener('focus', onFocus);
  const stopEvents = onMainEvent((event) => event.type === 'join-link' && void takePendingJoin());
  return () => {
    window.removeEventListener('focus', onFocus);
    stopEvents();
  };
}
