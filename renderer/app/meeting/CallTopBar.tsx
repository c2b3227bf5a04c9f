// Above the video: is the call encrypted, how many people are verified, locked, relay state.
import type { ReactNode } from 'react';
import { useCallStore } from '../../call/call-store';
import type { CallState } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { LinkIcon, LockIcon, ShieldAlertIcon, ShieldCheckIcon } from '../../ui/icons';
import { useUiStore } from '../ui-store';

/** Counts as a string "verified/total/allEncrypted/anyChanged" so the selector result compares by value. */
function trustSummary(s: CallState): string {
  const people = s.order.map((id) => s.participants[id]).filter((p) => p !== undefined);
  const verified = people.filter((p) => p.verification === 'verified').length;
  const encrypted = people.every((p) => p.e2ee);
  const changed = people.some((p) => p.verification === 'changed');
  return `${verified}/${people.length}/${encrypted}/${changed}`;
}

export function CallTopBar({ recordingIndicator }: { recordingIndicator?: ReactNode }) {
  const t = useT();
  const summary = useCallStore(trustSummary);
  const locked = useCallStore((s) => s.locked);
  const relay = useCallStore((s) => s.relay);
  const hasInvite = useCallStore((s) => s.inviteLink !== null);
  const [verified, total, encrypted, changed] = summary.split('/');
  // A changed safety number never leaves the pill a plain green "end-to-end encrypted".
  const allEncrypted = encrypted === 'true' && changed !== 'true';
  return (
    <header className="call-top">
      <div className="call-status">
        <span className={allEncrypted ? 'pill good' : 'pill danger'}>
          {allEncrypted ? <ShieldCheckIcon /> : <ShieldAlertIcon />}
          {allEncrypted ? t('call.encrypted') : changed === 'true' ? t('trust.changed') : t('call.notAllEncrypted')}
        </span>
        {Number(total) > 0 && <span className="pill neutral">{t('call.verifiedCount', { verified: Number(verified), count: Number(total) })}</span>}
        {locked && <span className="pill neutral"><LockIcon />{t('call.locked')}</span>}
        {recordingIndicator}
      </div>
      {relay !== 'connected' && (
        <p className="relay-banner" role="status">{relay === 'reconnecting' ? t('call.relayReconnecting') : t('call.relayOffline')}</p>
      )}
      {hasInvite && (
        <button type="button" className="button secondary small" onClick={() => useUiStore.getState().setInviteOpen(true)}>
          <LinkIcon />
          {t('call.invite')}
        </button>
      )}
    </header>
  );
}
