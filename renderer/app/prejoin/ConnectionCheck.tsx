// "Will the call connect from here?" before going in: the reachability check
// (renderer/call/reachability.ts) against the relay this meeting lives on, on request (it joins a
// throwaway room and may take a TURN allocation, so it does not run by itself).
import { useState } from 'react';
import { browserProbeDeps, checkReachability } from '../../call/reachability';
import type { RelayHostingReachability } from '../../call/reachability-verdict';
import { useT } from '../../i18n/use-t';
import { ReachabilityResult } from '../reach/ReachabilityResult';

export function ConnectionCheck({ relayUrl }: { relayUrl: string | null }) {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<RelayHostingReachability | null>(null);
  if (!relayUrl) return null;

  async function run(url: string) {
    setRunning(true);
    setResult(null);
    try {
      setResult(await checkReachability(url, browserProbeDeps()));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="connection-check" aria-labelledby="prejoin-connection-check">
      <h2 id="prejoin-connection-check">{t('reach.check.title')}</h2>
      <div aria-live="polite">
        {running && <p role="status" className="muted small">{t('reach.check.running')}</p>}
        {result && <ReachabilityResult result={result} />}
      </div>
      <button type="button" className="button" onClick={() => void run(relayUrl)} disabled={running}>
        {result ? t('prejoin.checkAgain') : t('prejoin.checkConnection')}
      </button>
    </section>
  );
}
