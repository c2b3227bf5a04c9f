// Where admin policy comes from, behind one small interface per OS (readers/), so each source
// is tested with fixtures and the policy service does not care which one it has.

export type PolicyReadResult =
  | { kind: 'none' }
  | { kind: 'found'; source: string; raw: unknown }
  /** The source exists but cannot be parsed: the safest values are enforced. */
  | { kind: 'unreadable'; source: string; error: string };

export interface PolicyReader {
  read(): Promise<PolicyReadResult>;
  /** Calls onChange (debounced) when the source may have changed; returns a function that stops watching. */
  watch(onChange: () => void): () => void;
}

/** The first reader that finds a policy wins (Windows: registry, then %ProgramData% JSON). */
export function firstPolicyOf(readers: readonly PolicyReader[]): PolicyReader {
  return {
    async read() {
      for (const reader of readers) {
        const result = await reader.read();
        if (result.kind !== 'none') return result;
      }
      return { kind: 'none' };
    },
    watch(onChange) {
      const stops = readers.map((r) => r.watch(onChange));
      return () => stops.forEach((stop) => stop());
    },
  };
}

/** No admin policy (e.g. the e2e harness's default). */
export const NO_POLICY: PolicyReader = { read: async () => ({ kind: 'none' }), watch: () => () => {} };
