// Entry bundled into a blank Chromium page by sframe.ts: the same measurement, on Chromium's
// WebCrypto (where the fast path runs in Parley) instead of Node's.
import { fastPathCases, measure, rawWebCryptoCases, referenceCases } from './sframe-measure';
import type { MeasureOptions } from './sframe-measure';

const suites = [5, 4] as const;
(globalThis as unknown as { runSframeBenchInPage: (o: MeasureOptions) => unknown }).runSframeBenchInPage = (options: MeasureOptions) =>
  measure(
    `Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''}`,
    suites.flatMap((s) => [...referenceCases(s), ...fastPathCases(s), ...rawWebCryptoCases(s)]),
    suites,
    options,
  );
