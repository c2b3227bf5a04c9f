// Whether chat is open decides whether new messages count as unread. The UI is the only one
// that knows, so it writes these two fields of the call store (the engine increments
// unreadChat for messages that arrive while chatOpen is false).
import { useCallStore } from '../../call/call-store';

export function setChatOpen(open: boolean): void {
  const state = useCallStore.getState();
  if (state.chatOpen === open && (!open || state.unreadChat === 0)) return;
  useCallStore.setState(open ? { chatOpen: true, unreadChat: 0 } : { chatOpen: false });
}
