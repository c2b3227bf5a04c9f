// The numbers behind a participant's quality indicator and shield: what a person (or support)
// checks when a call is choppy, and proof that media really arrives decrypted.
import { useCallStore } from '../../call/call-store';
import { useT } from '../../i18n/use-t';

export function ConnectionStats({ peerId, id }: { peerId: string; id: string }) {
  const t = useT();
  const participant = useCallStore((s) => s.participants[peerId]);
  if (!participant) return null;
  const { stats, e2ee, displayName: name } = participant;
  const or = (value: number | null, key: 'stats.ms' | 'stats.kbps' | 'stats.percent') => (value === null ? t('stats.unknown') : t(key, { value: String(value) }));
  const rows: Array<[string, string, string]> = [
    ['rtt', t('stats.rtt'), or(stats.rttMs, 'stats.ms')],
    ['send', t('stats.send'), or(stats.sendBitrateKbps, 'stats.kbps')],
    ['receive', t('stats.receive'), or(stats.receiveBitrateKbps, 'stats.kbps')],
    ['loss', t('stats.loss'), or(stats.packetLossPercent, 'stats.percent')],
    ['frames-decoded', t('stats.framesDecoded'), String(stats.framesDecoded)],
    ['frames-sent', t('stats.framesSent'), String(stats.framesSent)],
    ['decrypt-failures', t('stats.decryptFailures'), String(stats.decryptFailures)],
    ['encryption', t('stats.encrypted'), e2ee ? t('stats.encryptedYes') : t('stats.encryptedNo')],
    ['route', t('stats.route'), stats.route === null ? t('stats.unknown') : t(stats.route === 'relayed' ? 'stats.routeRelayed' : 'stats.routeDirect')],
    ['candidates', t('stats.candidates'), stats.candidateTypes ? t('stats.candidatePair', { local: stats.candidateTypes.local ?? '?', remote: stats.candidateTypes.remote ?? '?' }) : t('stats.unknown')],
    ['video-send', t('stats.videoSend'), t(`stats.videoSend.${stats.videoSend}`)],
  ];
  return (
    <section id={id} className="verify-box" aria-label={t('stats.title', { name })}>
      <dl className="stats">
        {rows.map(([key, label, value]) => (
          <div key={key} className="stats-row">
            <dt>{label}</dt>
            <dd data-stat={key}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
