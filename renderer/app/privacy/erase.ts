// "Erase everything": main deletes keys, contacts, settings and recordings after a confirmed
// token; the renderer forgets what it keeps itself (settings and recent meetings).
import { useRecentRooms } from '../recent-rooms';
import { eraseSettings } from '../settings-persistence';
import { DEFAULT_SETTINGS, useSettingsStore } from '../settings-store';

export function eraseRendererData(): void {
  eraseSettings();
  useRecentRooms.getState().forgetAll();
  useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS } });
}
