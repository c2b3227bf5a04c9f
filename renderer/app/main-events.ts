// Keeps one nextMainEvent() call pending (main/events/main-events.ts) and tells whoever cares:
// each event only says "look again", so listeners re-read what they show.
import type { MainEvent } from '../../protocol/ipc-contract';
import { parleyApi } from '../parley-api';

type Listener = (event: MainEvent) => void;
const listeners = new Set<Listener>();
let running = false;

/** Subscribes to main's events; the first subscriber starts the loop. Returns the unsubscribe. */
export function onMainEvent(listener: Listener): () => void {
  listeners.add(listener);
  if (!running && window.parley) {
    running = true;
    void (async () => {
      while (listeners.size > 0) {
        let event: MainEvent;
        try {
          event = await parleyApi().nextMainEvent();
        } catch {
          break; // main went away (the harness closing, or a failed reload): nothing more will come
        }
        for (const each of [...listeners]) each(event);
      }
      running = false;
    })();
  }
  return () => listeners.delete(listener);
}
