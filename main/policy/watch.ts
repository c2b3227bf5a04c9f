// Debounced change notification for a file that may not exist yet: watches its folder when
// there is one (fs.watch, immediate), otherwise polls with fs.watchFile.
import { existsSync, unwatchFile, watch, watchFile } from 'node:fs';
import path from 'node:path';

export const POLICY_DEBOUNCE_MS = 200;
const POLL_INTERVAL_MS = 10_000;

export function debounce(fn: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    call: () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    },
    cancel: () => clearTimeout(timer),
  };
}

export function watchFileDebounced(file: string, onChange: () => void, debounceMs = POLICY_DEBOUNCE_MS): () => void {
  const debounced = debounce(onChange, debounceMs);
  const folder = path.dirname(file);
  if (existsSync(folder)) {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (name === null || name === path.basename(file)) debounced.call();
      });
      watcher.on('error', () => {});
      return () => {
        debounced.cancel();
        watcher.close();
      };
    } catch {
      // Fall through to polling (e.g. the folder is not watchable).
    }
  }
  const listener = () => debounced.call();
  watchFile(file, { persistent: false, interval: POLL_INTERVAL_MS }, listener);
  return () => {
    debounced.cancel();
    unwatchFile(file, listener);
  };
}
