// Relay addresses as links and contact cards carry them (PROTOCOL.md §4.4): a WebSocket URL,
// wss:// anywhere, ws:// only where no one outside the local network can be on the path —
// this machine (loopback) or an address of a private network (a LAN meeting has no TLS
// certificate). One rule for invites, contact cards and the relay a person enters.
import { ProtocolError } from '../errors';

export const MAX_RELAY_URL_LENGTH = 512;

const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

function ipv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** Loopback, RFC 1918, link-local and (IPv6) unique-local or link-local addresses, and localhost. */
export function isLocalNetworkHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4 as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (h.startsWith('[') && h.endsWith(']')) {
    const v6 = h.slice(1, -1);
    return v6 === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
  }
  return false;
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('invalid-invite', message);
}

/**
 * Checks a relay URL and returns its normal form (lower-case scheme and host, no trailing slash).
 * Throws ProtocolError('invalid-invite') saying what is wrong.
 */
export function normalizeRelayUrl(text: string): string {
  if (typeof text !== 'string' || text.length === 0) throw invalid('the relay address is empty');
  if (text.length > MAX_RELAY_URL_LENGTH) throw invalid(`the relay address is longer than ${MAX_RELAY_URL_LENGTH} characters`);
  const match = /^(wss?):\/\/([^/?#]*)((?:\/[^/?#]*)*)$/i.exec(text);
  if (!match) throw invalid(`"${text}" is not a relay address (ws:// or wss://, no query or fragment)`);
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!.toLowerCase();
  const path = match[3]!.replace(/\/+$/, '');
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(authority)!;
  const host = portMatch[1]!;
  const port = portMatch[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw invalid(`the relay port ${port} is out of range`);
  const isIpv6 = /^\[[0-9a-f:.]+\]$/.test(host);
  if (!isIpv6 && !HOST_NAME.test(host)) throw invalid(`"${host}" is not a valid relay host (no user names, spaces or odd characters)`);
  for (const segment of path.split('/').slice(1)) {
    if (!PATH_SEGMENT.test(segment)) throw invalid(`the relay path segment "${segment}" is not allowed`);
  }
  if (scheme === 'ws' && !isLocalNetworkHost(host)) {
    throw invalid(`the relay ${host} is not on a local network, so it must use wss:// (ws:// is for this computer and local networks only)`);
  }
  return `${scheme}://${authority}${path}`;
}

/** True when `text` passes normalizeRelayUrl. */
export function isAcceptableRelayUrl(text: string): boolean {
  try {
    normalizeRelayUrl(text);
    return true;
  } catch {
    return false;
  }
}

/** scheme://host[:port] of a relay URL, default ports left out; null for what is not a relay URL. */
function relayOrigin(url: string): string | null {
  const match = /^(wss?):\/\/([^/?#]+)/i.exec(url);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!.toLowerCase();
  const defaultPort = scheme === 'wss' ? ':443' : ':80';
  return `${scheme}://${authority.endsWith(defaultPort) ? authority.slice(0, -defaultPort.length) : authority}`;
}

/** Same relay when scheme, host and port match (paths and trailing slashes aside). */
export function sameRelayOrigin(a: string, b: string): boolean {
  const origin = relayOrigin(a);
  return origin !== null && origin === relayOrigin(b);
}

/** Whether an organisation's allowedRelays (null: any relay) permits this relay. */
export function relayAllowed(url: string, allowed: readonly string[] | null): boolean {
  return allowed === null || allowed.some((a) => sameRelayOrigin(a, url));
}

/** A relay on this computer: a link naming it works for nobody else. */
export function isLoopbackRelay(url: string): boolean {
  return /^wss?:\/\/(127\.|localhost(:|\/|$)|\[::1\])/i.test(url);
}

/** The https page of a relay (`wss://h/p` -> `https://h/p`, loopback `ws://` -> `http://`); null for a LAN relay without TLS. */
export function relayPageBase(relayUrl: string): string | null {
  const url = normalizeRelayUrl(relayUrl);
  if (url.startsWith('wss://')) return `https://${url.slice('wss://'.length)}`;
  const host = /^ws:\/\/([^/]*?)(?::\d+)?(?:\/|$)/.exec(url)?.[1];
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' ? `http://${url.slice('ws://'.length)}` : null;
}
