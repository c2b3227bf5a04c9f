import { describe, expect, it, vi } from 'vitest';
import { CHECK_INTERVAL_MS, decideAutoUpdate, startAutoUpdate } from './auto-update';
import type { AutoUpdateContext, AutoUpdateDeps, Updater } from './auto-update';

const SIGNED_FEED = 'provider: generic\nurl: https://updates.example.com/parley\npublisherName:\n  - Parley Contributors\n';
const UNSIGNED_FEED = 'provider: generic\nurl: https://updates.example.com/parley\n';

const perUserWindows: AutoUpdateContext = {
  platform: 'win32',
  isPackaged: true,
  policy: undefined,
  installScope: 'per-user',
  updateFeed: SIGNED_FEED,
};

describe('decideAutoUpdate', () => {
  it('is on for a signed, packaged per-user install on Windows and macOS', () => {
    expect(decideAutoUpdate(perUserWindows)).toEqual({ enabled: true });
    expect(decideAutoUpdate({ ...perUserWindows, platform: 'darwin', updateFeed: UNSIGNED_FEED })).toEqual({ enabled: true });
  });

  it('is off when the organisation disables it, whatever else holds', () => {
    expect(decideAutoUpdate({ ...perUserWindows, policy: false })).toEqual({ enabled: false, reason: 'policy-disabled' });
  });

  it('follows the user’s setting when no policy is set, and the policy over the user', () => {
    expect(decideAutoUpdate({ ...perUserWindows, userSetting: false })).toEqual({ enabled: false, reason: 'user-disabled' });
    expect(decideAutoUpdate({ ...perUserWindows, userSetting: true })).toEqual({ enabled: true });
    expect(decideAutoUpdate({ ...perUserWindows, userSetting: false, policy: true })).toEqual({ enabled: true });
    // A user cannot turn updates on for a per-machine install; that is IT's decision.
    expect(decideAutoUpdate({ ...perUserWindows, userSetting: true, installScope: 'per-machine' })).toEqual({
      enabled: false,
      reason: 'per-machine-default',
    });
  });

  it('is off by default for per-machine installs, and on when policy asks for it', () => {
    const perMachine = { ...perUserWindows, installScope: 'per-machine' as const };
    expect(decideAutoUpdate(perMachine)).toEqual({ enabled: false, reason: 'per-machine-default' });
    expect(decideAutoUpdate({ ...perMachine, policy: true })).toEqual({ enabled: true });
  });

  it('is off where no publisher signature is checked (Linux), even when policy asks for it', () => {
    expect(decideAutoUpdate({ ...perUserWindows, platform: 'linux', policy: true })).toEqual({
      enabled: false,
      reason: 'unverifiable-platform',
    });
  });

  it('is off on Windows when the build names no publisher (electron-updater would skip the signature check)', () => {
    expect(decideAutoUpdate({ ...perUserWindows, updateFeed: UNSIGNED_FEED })).toEqual({ enabled: false, reason: 'unsigned-build' });
  });

  it('is off without a usable HTTPS update feed, and in development', () => {
    expect(decideAutoUpdate({ ...perUserWindows, updateFeed: null })).toEqual({ enabled: false, reason: 'no-update-feed' });
    expect(decideAutoUpdate({ ...perUserWindows, updateFeed: SIGNED_FEED.replace('https:', 'http:') })).toEqual({
      enabled: false,
      reason: 'invalid-update-feed',
    });
    expect(decideAutoUpdate({ ...perUserWindows, updateFeed: 'provider: github\nowner: x\npublisherName: P\n' })).toEqual({
      enabled: false,
      reason: 'invalid-update-feed',
    });
    expect(decideAutoUpdate({ ...perUserWindows, isPackaged: false })).toEqual({ enabled: false, reason: 'not-packaged' });
  });
});

function fakeUpdater() {
  const listeners: { error?: (e: Error) => void; downloaded?: (v: string) => void } = {};
  const updater: Updater & { checks: number; failNext?: Error } = {
    checks: 0,
    checkForUpdates: async () => {
      updater.checks += 1;
      if (updater.failNext) throw updater.failNext;
    },
    onError: (listener) => {
      listeners.error = listener;
    },
    onUpdateDownloaded: (listener) => {
      listeners.downloaded = listener;
    },
  };
  return { updater, listeners };
}

function deps(overrides: Partial<AutoUpdateDeps>, updater: Updater) {
  const scheduled: { intervalMs: number; task: () => void; cancelled: boolean }[] = [];
  const log: string[] = [];
  const createUpdater = vi.fn(() => updater);
  const all: AutoUpdateDeps = {
    ...perUserWindows,
    createUpdater,
    every: (intervalMs, task) => {
      const entry = { intervalMs, task, cancelled: false };
      scheduled.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    log: (m) => log.push(m),
    ...overrides,
  };
  return { all, scheduled, log, createUpdater };
}

describe('startAutoUpdate', () => {
  it('never creates the updater when auto-update is off, and says why', async () => {
    const { updater } = fakeUpdater();
    const d = deps({ policy: false }, updater);
    const handle = await startAutoUpdate(d.all);
    expect(handle.decision).toEqual({ enabled: false, reason: 'policy-disabled' });
    expect(d.createUpdater).not.toHaveBeenCalled();
    expect(d.scheduled).toEqual([]);
    expect(d.log).toEqual(['auto-update off: policy-disabled']);
  });

  it('checks at start and every six hours, until stopped', async () => {
    const { updater } = fakeUpdater();
    const d = deps({}, updater);
    const handle = await startAutoUpdate(d.all);
    expect(handle.decision).toEqual({ enabled: true });
    expect(updater.checks).toBe(1);
    expect(d.scheduled).toHaveLength(1);
    expect(d.scheduled[0]!.intervalMs).toBe(CHECK_INTERVAL_MS);
    d.scheduled[0]!.task();
    expect(updater.checks).toBe(2);
    handle.stop();
    expect(d.scheduled[0]!.cancelled).toBe(true);
    d.scheduled[0]!.task();
    expect(updater.checks).toBe(2);
  });

  it('logs failed checks and updater errors instead of throwing', async () => {
    const { updater, listeners } = fakeUpdater();
    updater.failNext = new Error('net::ERR_NAME_NOT_RESOLVED');
    const d = deps({}, updater);
    await startAutoUpdate(d.all);
    await vi.waitFor(() => expect(d.log).toContain('auto-update check failed: net::ERR_NAME_NOT_RESOLVED'));
    listeners.error!(new Error('New version is not signed by the application owner'));
    expect(d.log).toContain('auto-update error: New version is not signed by the application owner');
  });

  it('reports a downloaded, verified update', async () => {
    const { updater, listeners } = fakeUpdater();
    const ready: string[] = [];
    const d = deps({ onUpdateReady: (v) => ready.push(v) }, updater);
    await startAutoUpdate(d.all);
    listeners.downloaded!('0.2.0');
    expect(ready).toEqual(['0.2.0']);
  });
});
