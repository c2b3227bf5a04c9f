// Invite links (PROTOCOL.md §4.3):
//   parley://join#<base64url room secret>.<base64url host key id>
//   https://<relay>[/<prefix>]/join#<same fragment>   (the relay's static hand-off page)
// The fragment is never sent to a server (browsers do not put it in requests), so the room
// secret only travels inside the link the host shares. Parsing is strict: one accepted text form
// per invite, and anything else fails with ProtocolError('invalid-invite') saying what is wrong.
import { fromBase64Url, toBase64Url } from '../bytes';
import { ProtocolError } from '../errors';
import { HOST_KEY_ID_LENGTH } from './host-key-id';
import { ROOM_SECRET_LENGTH } from './room';

export const APP_INVITE_PREFIX = 'parley://join';
export const MAX_INVITE_LENGTH = 2048;
/** http:// relay pages are accepted only on loopback (development and tests). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface Invite {
  secret: Uint8Array;
  hostKeyId: Uint8Array;
}

export interface ParsedInvite extends Invite {
  /** For relay-page links: the relay base ("https://host[:port][/prefix]"); absent for parley:// links. */
  relayBase?: string;
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('invalid-invite', `Invalid invite link: ${message}`);
}

function fragmentOf(invite: Invite): string {
  if (invite.secret.length !== ROOM_SECRET_LENGTH) throw invalid(`the room secret must be ${ROOM_SECRET_LENGTH} bytes`);
  if (invite.hostKeyId.length !== HOST_KEY_ID_LENGTH) throw invalid(`the host key id must be ${HOST_KEY_ID_LENGTH} bytes`);
  return `${toBase64Url(invite.secret)}.${toBase64Url(invite.hostKeyId)}`;
}

export function encodeInvite(invite: Invite): string {
  return `${APP_INVITE_PREFIX}#${fragmentOf(invite)}`;
}

/** The clickable https form served by the relay at `<relayBase>/join`. */
export function encodeRelayInvite(relayBase: string, invite: Invite): string {
  const base = relayBase.endsWith('/') ? relayBase.slice(0, -1) : relayBase;
  checkRelayBase(base);
  return `${base}/join#${fragmentOf(invite)}`;
}

const AUTHORITY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** Checks "https://authority[/segments]" and returns nothing; throws invalid-invite otherwise. */
function checkRelayBase(base: string): void {
  const match = /^(https?):\/\/([^/?#]*)((?:\/[^/?#]*)*)$/.exec(base);
  if (!match) throw invalid('the relay address must look like https://relay.example');
  const [, scheme, authority = '', path = ''] = match;
  const authorityMatch = AUTHORITY.exec(authority);
  if (!authorityMatch) throw invalid(`"${authority}" is not a valid relay host (no user names, spaces or odd characters)`);
  const port = authorityMatch[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw invalid(`port ${port} is out of range`);
  const host = port === undefined ? authority : authority.slice(0, -(port.length + 1));
  if (scheme === 'http' && !LOOPBACK_HOSTS.has(host.toLowerCase())) {
    throw invalid('relay links must use https (http is accepted only for 127.0.0.1 / localhost)');
  }
  for (const segment of path.split('/').slice(1)) {
    if (!PATH_SEGMENT.test(segment)) throw invalid(`the relay path segment "${segment}" is not allowed`);
  }
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

  let relayBase: string | undefined;
  if (base.toLowerCase() === APP_INVITE_PREFIX) {
    relayBase = undefined;
  } else if (/^https?:\/\//i.test(base)) {
    if (!base.endsWith('/join')) throw invalid('a relay link must end in /join before the "#"');
    relayBase = base.slice(0, -'/join'.length);
    if (/^https?:\/\/$/i.test(relayBase)) throw invalid('the relay host is missing');
    relayBase = relayBase.replace(/^https?/i, (s) => s.toLowerCase());
    checkRelayBase(relayBase);
  } else {
    throw invalid('it must start with parley://join# or https://<relay>/join#');
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
  return relayBase === undefined ? { secret, hostKeyId } : { secret, hostKeyId, relayBase };
}
