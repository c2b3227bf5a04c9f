// One page of the built renderer, with its own main services and a real relay on 127.0.0.1,
// opened before a test file's tests and closed after them (vitest hooks; for e2e files that walk
// one person through screens).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

export interface OnePage {
  readonly harness: Harness;
  readonly page: Page;
}

export function useOnePageWithRelay(): OnePage {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness({ participants: 1, relay: true });
    await harness.pages[0]!.page.goto(`${harness.origin}/index.html`);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return {
    get harness() {
      if (!harness) throw new Error('the page is opened in beforeAll');
      return harness;
    },
    get page() {
      return this.harness.pages[0]!.page;
    },
  };
}
