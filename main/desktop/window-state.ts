// The main window's position, size and maximised state, remembered across starts
// (window-state.json in the data folder). A remembered place is used only if enough of it lies
// on a display that is there now (a laptop undocked from its second monitor must not open
// Parley off-screen); otherwise the window opens at its default size, centred.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** How much of the window must lie on a display: enough to grab the title bar and move it. */
const MIN_VISIBLE = { width: 160, height: 60 } as const;
const MAX_COORDINATE = 100_000;
/** Moves and resizes arrive many times a second while dragging: write once things settle. */
export const SAVE_DELAY_MS = 500;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const isCoordinate = (v: unknown): v is number => Number.isSafeInteger(v) && Math.abs(v as number) <= MAX_COORDINATE;

/** A stored state, or null when it is missing a field or has an impossible one. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as Record<string, unknown>;
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (![x, y, width, height].every(isCoordinate)) return null;
  if ((width as number) < MIN_WINDOW_SIZE.width || (height as number) < MIN_WINDOW_SIZE.height) return null;
  return { bounds: { x: x as number, y: y as number, width: width as number, height: height as number }, maximized };
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where to open the window, given the displays' work areas now. The remembered bounds when
 * enough of them is on one display (shrunk to fit it), else the default size without a position
 * (Electron centres it).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rectangle[]): { bounds: Partial<Rectangle>; maximized: boolean } {
  const fallback = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  if (!saved) return fallback;
  const display = workAreas.find((area) => {
    const shared = overlap(saved.bounds, area);
    return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height;
  });
  if (!display) return { ...fallback, maximized: saved.maximized };
  const width = Math.min(saved.bounds.width, Math.max(display.width, MIN_WINDOW_SIZE.width));
  const height = Math.min(saved.bounds.height, Math.max(display.height, MIN_WINDOW_SIZE.height));
  // The top edge (title bar) stays on the display, so the window can always be moved.
  const y = Math.min(Math.max(saved.bounds.y, display.y), display.y + display.height - MIN_VISIBLE.height);
  return { bounds: { x: saved.bounds.x, y, width, height }, maximized: saved.maximized };
}

/** The part of BrowserWindow used here. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

export class WindowStateStore {
  private readonly file: string;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, WINDOW_STATE_FILE);
  }

  async load(): Promise<WindowState | null> {
    try {
      return parseWindowState(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      return null; // never saved, or damaged: the default place
    }
  }

  async save(state: WindowState): Promise<void> {
    await writeFileAtomic(this.file, new TextEncoder().encode(`${JSON.stringify(state)}\n`), { keepBackup: false });
  }

  /** Saves the window's state after it settles from moving or resizing, and when it is closed (or hidden). */
  track(window: TrackedWindow, onError: (error: unknown) => void = () => undefined): void {
    const saveNow = () => {
      clearTimeout(this.timer);
      if (window.isDestroyed()) return;
      this.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() }).catch(onError);
    };
    const saveSoon = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(saveNow, SAVE_DELAY_MS);
      this.timer.unref?.();
    };
    window.on('resize', saveSoon);
    window.on('move', saveSoon);
    window.on('close', saveNow);
  }
}
