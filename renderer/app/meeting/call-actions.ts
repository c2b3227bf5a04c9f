// The call actions behind both the control bar and the keyboard shortcuts.
import { useCallStore } from '../../call/call-store';
import { runIntent } from '../call-intents';
import { useUiStore } from '../ui-store';
import type { ShortcutAction } from './shortcuts';

export function performCallAction(action: ShortcutAction): void {
  const { self } = useCallStore.getState();
  const ui = useUiStore.getState();
  switch (action) {
    case 'mic':
      void runIntent((c) => c.setMicMuted(!self.audioMuted));
      return;
    case 'camera':
      void runIntent((c) => c.setCameraMuted(!self.videoMuted));
      return;
    case 'screen':
      if (self.screenSharing) void runIntent((c) => c.stopScreenShare());
      else ui.setScreenPickerOpen(true);
      return;
    case 'chat':
      ui.togglePanel('chat');
      return;
    case 'participants':
      ui.togglePanel('participants');
      return;
    case 'devices':
      ui.setDevicesOpen(!ui.devicesOpen);
      return;
    case 'help':
      ui.setHelpOpen(!ui.helpOpen);
      return;
    case 'leave':
      void runIntent((c) => c.leave());
      return;
  }
}
