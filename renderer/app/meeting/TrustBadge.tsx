// The shield on a tile and in the participant list: encrypted? verified? key changed?
import type { VerificationState } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../i18n/i18n';
import { ShieldAlertIcon, ShieldCheckIcon, ShieldIcon } from '../../ui/icons';

export function trustKey(e2ee: boolean, verification: VerificationState): MessageKey {
  if (verification === 'changed') return 'trust.changed';
  if (!e2ee) return 'trust.notEncrypted';
  return verification === 'verified' ? 'trust.verified' : 'trust.unverified';
}

export function TrustBadge({ e2ee, verification, compact }: { e2ee: boolean; verification: VerificationState; compact?: boolean }) {
  const t = useT();
  const key = trustKey(e2ee, verification);
  const tone = verification === 'changed' || !e2ee ? 'danger' : verification === 'verified' ? 'good' : 'neutral';
  const Icon = verification === 'changed' || !e2ee ? ShieldAlertIcon : verification === 'verified' ? ShieldCheckIcon : ShieldIcon;
  return (
    <span className={`trust-badge trust-${tone}`} title={compact ? t(key) : undefined}>
      <Icon />
      {compact ? <span className="visually-hidden">{t(key)}</span> : <span>{t(key)}</span>}
    </span>
  );
}
