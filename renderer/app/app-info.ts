// What main reports about itself (name, version, platform, embedded relay), loaded once.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { AppInfo } from '../../protocol/ipc-contract';
import { parleyApi } from '../parley-api';

interface AppInfoState {
  info: AppInfo | null;
  failed: boolean;
}

export const useAppInfo = create<AppInfoState>(() => ({ info: null, failed: false }));

export function useAppInfoLoader(): void {
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const info = await parleyApi().getAppInfo();
        if (!cancelled) useAppInfo.setState({ info, failed: false });
      } catch (error) {
        console.warn('Parley did not answer:', error instanceof Error ? error.message : error);
        if (!cancelled) useAppInfo.setState({ failed: true });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
}
