// The result of a reachability check (renderer/call/reachability.ts) in plain words: whether a
// call would work, and through which paths.
import type { ReachabilityVerdict, RelayHostingReachability } from '../../call/reachability-verdict';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';

const VERDICT_TEXT: Record<ReachabilityVerdict, { text: MessageKey; tone: 'ok' | 'warning' | 'error' }> = {
  'relay-unreachable': { text: 'reach.check.relayUnreachable', tone: 'error' },
  'turn-ok': { text: 'reach.check.turnOk', tone: 'ok' },
  'turn-unreachable': { text: 'reach.check.turnUnreachable', tone: 'warning' },
  'stun-only': { text: 'reach.check.stunOnly', tone: 'ok' },
  'stun-unreachable': { text: 'reach.check.stunUnreachable', tone: 'warning' },
  'local-only': { text: 'reach.check.localOnly', tone: 'ok' },
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function ReachabilityResult({ result }: { result: RelayHostingReachability }) {
  const t = useT();
  const { text, tone } = VERDICT_TEXT[result.verdict];
  return (
    <div className={tone === 'ok' ? 'notice' : `notice ${tone}`} role="status" data-testid="reachability" data-verdict={result.verdict}>
      <p>{t(text, { relay: hostOf(result.relayUrl) })}</p>
      {result.relayMs !== null && <p className="small muted">{t('reach.check.details', { ms: result.relayMs, paths: result.gathered.join(', ') || '–' })}</p>}
    </div>
  );
}
