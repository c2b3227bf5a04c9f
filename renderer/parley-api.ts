// The API preload exposes as window.parley (see protocol/ipc-contract.ts).
import type { ParleyApi } from '../protocol/ipc-contract';

declare global {
  interface Window {
    parley?: ParleyApi;
  }
}

export function parleyApi(): ParleyApi {
  if (!window.parley) throw new Error('Parley API is missing: the page was not loaded by Parley.');
  return window.parley;
}
