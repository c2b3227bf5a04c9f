// The short fuzz run of `npm test`: the campaign of `npm run fuzz` (test/fuzz/campaign.ts) over
// every target of test/fuzz/targets.ts, RUNS_PER_TARGET inputs each. Only the documented error
// may come out of a decoder; mutants must get past the first checks of every unauthenticated
// decoder, and almost never through an authenticated one. FUZZ_SEED=<n> replays a failing seed.
import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign';
import { createFuzzTargets } from './targets';
import { prng } from './rng';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const RUNS_PER_TARGET = 2000;

describe('every decoder under fuzzing (only its documented error)', () => {
  it(`${RUNS_PER_TARGET} random, mutated and generated inputs per target`, async () => {
    const targets = await createFuzzTargets(prng(SEED));
    const result = await runCampaign({ runs: RUNS_PER_TARGET * targets.length, seed: SEED });
    expect(result.findings.slice(0, 5), `seed ${SEED}`).toEqual([]);
    for (const target of targets) {
      const stat = result.perTarget.find((t) => t.name === target.name)!;
      expect(stat.runs).toBe(RUNS_PER_TARGET);
      if (target.authenticated) expect(stat.accepted, `${target.name} opened mutated input`).toBeLessThan(RUNS_PER_TARGET / 10);
      else expect(stat.accepted, `${target.name} accepted no input at all`).toBeGreaterThan(0);
    }
  }, 120_000);
});
