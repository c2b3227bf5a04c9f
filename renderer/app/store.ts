// App-wide UI state. Components subscribe with narrow selectors.
import { create } from 'zustand';
import type { AppInfo } from '../../protocol/ipc-contract';

export type CameraState =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'on'; stream: MediaStream }
  | { status: 'error'; message: string };

interface AppState {
  appInfo: AppInfo | null;
  appInfoError: string | null;
  camera: CameraState;
  setAppInfo(info: AppInfo): void;
  setAppInfoError(message: string): void;
  setCamera(camera: CameraState): void;
}

export const useAppStore = create<AppState>((set) => ({
  appInfo: null,
  appInfoError: null,
  camera: { status: 'off' },
  setAppInfo: (appInfo) => set({ appInfo, appInfoError: null }),
  setAppInfoError: (appInfoError) => set({ appInfoError }),
  setCamera: (camera) => set({ camera }),
}));
