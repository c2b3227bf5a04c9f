// Invite links (PROTOCOL.md §4.3):
//   parley://join?relay=<percent-encoded relay URL>#<base64url room secret>.<base64url host key id>
//   https://<relay>[/<prefix>]/join#<same fragment>   (the relay's static hand-off page)
//   parley://join#<same fragment>                      (before 2026-12: names no relay)
// The link names the relay the meeting lives on outside the fragment; the fragment is never sent
// to a server (browsers do not put it in requests), so the room secret only travels inside the
// link the host shares. Parsing is strict: one accepted text form per invite, and anything else
// fails with ProtocolError('invalid-invite') saying what is wrong.
import { fromBase64Url, toBase64Url } from '../bytes';
import { ProtocolError } from '../errors';
import { HOST_KEY_ID_LENGTH } from './host-key-id';
import { normalizeRelayUrl, relayPageBase } from './relay-address';
import { ROOM_SECRET_LENGTH } from './room';

export const APP_INVITE_PREFIX = 'parley://join';
export const MAX_INVITE_LENGTH = 2048;

export interface Invite {
  secret: Uint8Array;
  hostKeyId: Uint8Array;
  /** The relay the meeting lives on (normal form, §4.4); absent in links made before relays were named. */
  relayUrl?: string;
}

export type ParsedInvite = Invite;

function invalid(message: string): ProtocolError {
  return new ProtocolError('invalid-invite', `Invalid invite link: ${message}`);
}

function fragmentOf(invite: Invite): string {
  if (invite.secret.length !== ROOM_SECRET_LENGTH) throw invalid(`the room secret must be ${ROOM_SECRET_LENGTH} bytes`);
  if (invite.hostKeyId.length !== HOST_KEY_ID_LENGTH) throw invalid(`the host key id must be ${HOST_KEY_ID_LENGTH} bytes`);
  return `${toBase64Url(invite.secret)}.${toBase64Url(invite.hostKeyId)}`;
}

function relayOf(text: string): string {
  try {
    return normalizeRelayUrl(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/** The app form: `parley://join?relay=…#…` (or `parley://join#…` for an invite without a relay). */
export function encodeInvite(invite: Invite): string {
  const fragment = fragmentOf(invite);
  if (invite.relayUrl === undefined) return `${APP_INVITE_PREFIX}#${fragment}`;
  return `${APP_INVITE_PREFIX}?relay=${encodeURIComponent(relayOf(invite.relayUrl))}#${fragment}`;
}

/**
 * The clickable form served by the relay at `<relay page>/join` (§4.3), or null when the relay
 * has no https page (a LAN relay without TLS: only the app form reaches it).
 */
export function encodeRelayInvite(invite: Invite & { relayUrl: string }): string | null {
  const base = relayPageBase(relayOf(invite.relayUrl));
  return base === null ? null : `${base}/join#${fragmentOf(invite)}`;
}

export function parseInvite(text: string): ParsedInvite {
  if (typeof text !== 'string') throw invalid('not text');
  const link = text.trim();
  if (link.length === 0) throw invalid('the link is empty');
  if (link.length > MAX_INVITE_LENGTH) throw invalid(`longer than ${MAX_INVITE_LENGTH} characters`);
  const hash = link.indexOf('#');
  if (hash < 0) throw invalid('the part after "#" (room secret and host key id) is missing');
  const base = link.slice(0, hash);
  const fragment = link.slice(hash + 1);

  let relayUrl: string | undefined;
  const lowerBase = base.toLowerCase();
  if (lowerBase === APP_INVITE_PREFIX || lowerBase === `${APP_INVITE_PREFIX}/`) {
    relayUrl = undefined;
  } else if (lowerBase.startsWith(`${APP_INVITE_PREFIX}?`) || lowerBase.startsWith(`${APP_INVITE_PREFIX}/?`)) {
    const query = base.slice(base.indexOf('?') + 1);
    const match = /^relay=([^&=]+)$/.exec(query);
    if (!match) throw invalid('after "parley://join?" only "relay=<relay address>" may follow');
    let decoded: string;
    try {
      decoded = decodeURIComponent(match[1]!);
    } catch {
      throw invalid('the relay address is not correctly percent-encoded');
    }
    relayUrl = relayOf(decoded);
  } else if (/^https?:\/\//i.test(base)) {
    if (!base.endsWith('/join')) throw invalid('a relay link must end in /join before the "#"');
    const page = base.slice(0, -'/join'.length);
    if (/^https?:\/\/$/i.test(page)) throw invalid('the relay host is missing');
    const secure = /^https:/i.test(page);
    const wsUrl = page.replace(/^https?/i, secure ? 'wss' : 'ws');
    // The page's script reads the secret: over plain http only where nobody else is on the path.
    if (!secure && !/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(wsUrl)) {
      throw invalid('relay links must use https (http is accepted only for 127.0.0.1 / localhost)');
    }
    relayUrl = relayOf(wsUrl);
  } else {
    throw invalid('it must start with parley://join or https://<relay>/join');
  }

  const parts = fragment.split('.');
  if (parts.length !== 2) throw invalid('expected <room secret>.<host key id> after "#"');
  const [secretText = '', hostText = ''] = parts;
  const secret = fromBase64Url(secretText);
  if (!secret || secret.length !== ROOM_SECRET_LENGTH) {
    throw invalid(`the room secret must be ${ROOM_SECRET_LENGTH} bytes of unpadded base64url (was the link cut off?)`);
  }
  const hostKeyId = fromBase64Url(hostText);
  if (!hostKeyId || hostKeyId.length !== HOST_KEY_ID_LENGTH) {
    throw invalid(`the host key id must be ${HOST_KEY_ID_LENGTH} bytes of unpadded base64url (was the link cut off?)`);
  }
  return relayUrl === undefined ? { secret, hostKeyId } : { secret, hostKeyId, relayUrl };
}

/**
 * The relay a meeting lives on (PROTOCOL.md §4.3): the one its link names; a link from before
 * links named their relay lives on the guest's own.
 */
export function meetingRelayUrl(invite: Pick<ParsedInvite, 'relayUrl'>, ownRelayUrl: string | null): string | null {
  return invite.relayUrl ?? ownRelayUrl;
}
