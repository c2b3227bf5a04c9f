// Whether a module is the script Node was started with (`node scripts/build.mjs`), as opposed to
// imported by another one. Compares file URLs built by pathToFileURL: a hand-made
// `file://${process.argv[1]}` never matches on Windows (backslashes, drive letter) or in a path
// with a space or other character a URL escapes, and the script then silently did nothing.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** @param {string} moduleUrl the module's import.meta.url */
export function isEntryPoint(moduleUrl) {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // Node loads the main module by its real path (symlinks resolved), and so names import.meta.url.
    return moduleUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}
