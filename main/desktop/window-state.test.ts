import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WINDOW_SIZE, SAVE_DELAY_MS, WINDOW_STATE_FILE, WindowStateStore, parseWindowState, placeWindow } from './window-state';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 875 };
const MONITOR = { x: 1440, y: -200, width: 2560, height: 1400 };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('window state', () => {
  it('reopens where it was when that place is on a display now', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1400, height: 900 }, maximized: true };
    expect(placeWindow(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('a window left on a monitor that is gone opens at the default size (centred), keeping maximised', () => {
    const saved = { bounds: { x: 1600, y: 0, width: 1400, height: 900 }, maximized: true };
    expect(placeWindow(saved, [LAPTOP])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: true });
    // A sliver on screen is not enough to grab it.
    expect(placeWindow({ bounds: { x: 1400, y: 0, width: 1000, height: 800 }, maximized: false }, [LAPTOP]).bounds).toEqual(DEFAULT_WINDOW_SIZE);
    expect(placeWindow(null, [LAPTOP])).toEqual({ bounds: DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('shrinks a window larger than its display and keeps the title bar on it', () => {
    const saved = { bounds: { x: 100, y: -300, width: 3000, height: 2000 }, maximized: false };
    expect(placeWindow(saved, [LAPTOP])).toEqual({ bounds: { x: 100, y: 0, width: 1440, height: 875 }, maximized: false });
  });

  it('refuses a stored state with missing, fractional, tiny or absurd values', () => {
    const ok = { bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: false };
    expect(parseWindowState(ok)).toEqual(ok);
    for (const bad of [null, 'x', {}, { ...ok, maximized: 'no' }, { ...ok, bounds: { ...ok.bounds, x: 1.5 } }, { ...ok, bounds: { ...ok.bounds, width: 100 } },
      { ...ok, bounds: { ...ok.bounds, y: 1e12 } }, { ...ok, bounds: { x: 1, y: 2, width: 800 } }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });

  it('saves the normal bounds once moving settles and when the window closes; a damaged file means the default place', async () => {
    vi.useFakeTimers();
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-window-state-'));
    dirs.push(dir);
    const store = new WindowStateStore(dir);
    expect(await store.load()).toBeNull();
    const listeners = new Map<string, () => void>();
    let bounds = { x: 50, y: 60, width: 1000, height: 700 };
    store.track({ on: (event, fn) => listeners.set(event, fn), getNormalBounds: () => bounds, isMaximized: () => false, isDestroyed: () => false });
    listeners.get('move')!();
    bounds = { ...bounds, x: 70 };
    listeners.get('resize')!();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10);
    await vi.waitFor(async () => expect(await store.load()).toEqual({ bounds, maximized: false }));
    vi.useRealTimers();
    bounds = { ...bounds, y: 90 };
    listeners.get('close')!();
    await vi.waitFor(async () => expect(await store.load()).toEqual({ bounds, maximized: false }));
    expect(JSON.parse(readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ bounds, maximized: false });
    writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"bounds":');
    expect(await store.load()).toBeNull();
  });
});
