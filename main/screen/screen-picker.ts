// Screen sharing goes only through our own picker: the renderer lists sources, the user picks
// one, and the next getDisplayMedia() request (main/electron/session-hardening.ts) receives
// exactly that source, once, within a short time. Without a pick, display capture is denied.
import type { ScreenSource } from '../../protocol/ipc-contract';
import { IpcRefusal } from '../ipc/dispatch';

export interface CaptureSource {
  id: string;
  name: string;
  /** PNG data: URL, or null. */
  thumbnail: string | null;
}

/** desktopCapturer.getSources in the app; on Wayland this shows the portal's own dialog. */
export type ListCaptureSources<S extends CaptureSource> = () => Promise<S[]>;

export const PICK_TTL_MS = 30_000;

export class ScreenPicker<S extends CaptureSource = CaptureSource> {
  private listed = new Map<string, S>();
  private chosen: { source: S; at: number } | null = null;

  constructor(
    private readonly listSources: ListCaptureSources<S> | null,
    private readonly allowed: () => Promise<boolean>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<ScreenSource[]> {
    if (!(await this.allowed())) throw new IpcRefusal('screen-share-disabled', 'Screen sharing is turned off by your organisation');
    const sources = this.listSources ? await this.listSources() : [];
    this.listed = new Map(sources.map((s) => [s.id, s]));
    return sources.map((s) => ({ id: s.id, name: s.name, kind: s.id.startsWith('screen:') ? 'screen' : 'window', thumbnail: s.thumbnail }));
  }

  /** Picks a listed source for the next capture request (null cancels). */
  choose(sourceId: string | null): void {
    if (sourceId === null) {
      this.chosen = null;
      return;
    }
    const source = this.listed.get(sourceId);
    if (!source) throw new IpcRefusal('unknown-source', 'Choose a source from the current list');
    this.chosen = { source, at: this.now() };
  }

  /** True while a pick is waiting for its capture request (the permission handler allows display capture only then). */
  hasFreshChoice(): boolean {
    return this.chosen !== null && this.now() - this.chosen.at <= PICK_TTL_MS;
  }

  /** The picked source for a capture request, consumed; null when nothing (fresh) was picked or policy forbids it. */
  async take(): Promise<S | null> {
    const chosen = this.chosen;
    this.chosen = null;
    if (!chosen || this.now() - chosen.at > PICK_TTL_MS || !(await this.allowed())) return null;
    return chosen.source;
  }
}
