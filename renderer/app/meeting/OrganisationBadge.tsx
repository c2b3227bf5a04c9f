// "Verified by <organisation>" (PROTOCOL.md §9.4): an organisation our admin policy trusts signed
// this person's key and name. Shown apart from the shield, which is this person's own
// verification: the organisation's word is not a comparison the person made. A statement signed
// for another name is never shown as verified; the signed name is shown instead, as a warning.
import type { OrganisationBadge as Badge } from '../../call/call-store';
import { useT } from '../../i18n/use-t';
import { AlertIcon, BuildingIcon } from '../../ui/icons';

/** The short form, on a tile, in the participants panel and in the knock list. */
export function OrganisationTag({ badge }: { badge: Badge | null | undefined }) {
  const t = useT();
  if (!badge) return null;
  const verified = badge.status === 'verified';
  return (
    <span className={verified ? 'tag org-verified' : 'tag org-wrong-name'} data-organisation={badge.status}>
      {verified ? <BuildingIcon /> : <AlertIcon />}
      {t(verified ? 'organisation.verifiedBy' : 'organisation.signedAs', { organisation: badge.organisation, signedName: badge.signedName })}
    </span>
  );
}

/** The long form, in the verification box: what it means, or why it does not verify this name. */
export function OrganisationDetail({ badge, name }: { badge: Badge | null | undefined; name: string }) {
  const t = useT();
  if (!badge) return null;
  return badge.status === 'verified' ? (
    <p className="small" data-organisation-detail="verified">{t('organisation.detail', { organisation: badge.organisation, signedName: badge.signedName })}</p>
  ) : (
    <p className="notice warning" role="alert" data-organisation-detail="wrong-name">
      {t('organisation.wrongName', { organisation: badge.organisation, signedName: badge.signedName, name })}
    </p>
  );
}
