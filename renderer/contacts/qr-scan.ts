// Reading a contact card from a camera frame (PROTOCOL.md §13.1: cards are shared as a link or as
// a QR code of that link). Decoding is local (jsQR, pure JS); the link then takes the same
// verify-and-add path as a pasted one, so nothing here trusts what the code says.
import { CONTACT_LINK_PREFIX, MAX_CONTACT_LINK_LENGTH } from '../../protocol/contact/contact-card';
import type { QrContent } from '../ui/qr-decode';

export type FrameScan =
  /** No QR code in this frame (yet). */
  | { kind: 'none' }
  /** A QR code that is not a Parley contact card (a meeting invite, a web address, …). */
  | { kind: 'other' }
  | { kind: 'card'; link: string };

/** What a decoded QR code is to the contacts screen. */
export function scanCard(code: QrContent | null): FrameScan {
  if (!code) return { kind: 'none' };
  const text = code.text.trim();
  if (!text.startsWith(CONTACT_LINK_PREFIX) || text.length > MAX_CONTACT_LINK_LENGTH) return { kind: 'other' };
  return { kind: 'card', link: text };
}
