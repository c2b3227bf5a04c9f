// The relay's own STUN server (docs/PROTOCOL.md §10.7): it answers RFC 8489 Binding requests
// with the address it saw them come from (XOR-MAPPED-ADDRESS), so two people behind ordinary
// home NATs learn their public addresses and connect directly without anyone else's server.
// Only that: no authentication, no TURN, no other methods; anything else is dropped unanswered,
// so the port is no use as a reflector (a response is at most twice a request's 20 bytes, and
// each address is rate-limited).
//
// Hand-written rather than a package: the npm STUN servers are unmaintained and pull in packages
// with known vulnerabilities (`stun` depends on ip@1 and parse-url@5); a Binding response is a
// header and two attributes (docs/ARCHITECTURE.md "The relay").
import { type Socket, createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { crc32 } from 'node:zlib';
import { TokenBucket } from './limits';

/** RFC 8489 §5: every STUN message carries this in bytes 4..8. */
export const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020;
const FINGERPRINT = 0x8028;
/** RFC 8489 §14.7: the CRC-32 is XORed with "STUN". */
const FINGERPRINT_XOR = 0x5354554e;
/** Requests from Chromium are about 100 bytes; anything much larger is not one of them. */
const MAX_REQUEST_BYTES = 548;

/** The transaction id of a well-formed Binding request, or null for anything else (dropped). */
export function bindingRequestId(message: Uint8Array): Uint8Array | null {
  if (message.length < HEADER_BYTES || message.length > MAX_REQUEST_BYTES) return null;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  // §5: the two top bits are zero; the length counts the attributes and is a multiple of 4.
  if (view.getUint16(0) !== BINDING_REQUEST) return null;
  const length = view.getUint16(2);
  if (length % 4 !== 0 || HEADER_BYTES + length !== message.length) return null;
  if (view.getUint32(4) !== MAGIC_COOKIE) return null;
  return message.slice(8, HEADER_BYTES);
}

function ipv4Bytes(address: string): Uint8Array {
  return Uint8Array.from(address.split('.').map(Number));
}

/** RFC 4291 §2.2 text (with "::" and an embedded IPv4 tail, as Node reports addresses) to 16 bytes. */
function ipv6Bytes(address: string): Uint8Array {
  let text = address.split('%')[0]!;
  const embedded = /\d+\.\d+\.\d+\.\d+$/.exec(text)?.[0];
  if (embedded) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(embedded);
    text = `${text.slice(0, -embedded.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const before = groupsOf(head);
  const after = groupsOf(tail);
  const groups = tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => new DataView(bytes.buffer).setUint16(i * 2, parseInt(group, 16)));
  return bytes;
}

/** RFC 8489 §14.2: XOR-MAPPED-ADDRESS for (address, port), XORed with the cookie (and the transaction id for IPv6). */
export function xorMappedAddress(transactionId: Uint8Array, address: string, port: number): Uint8Array {
  const v4 = isIPv4(address);
  const raw = v4 ? ipv4Bytes(address) : ipv6Bytes(address);
  const mask = new Uint8Array(16);
  new DataView(mask.buffer).setUint32(0, MAGIC_COOKIE);
  mask.set(transactionId, 4);
  const value = new Uint8Array(4 + raw.length);
  const view = new DataView(value.buffer);
  view.setUint8(1, v4 ? 0x01 : 0x02);
  view.setUint16(2, port ^ (MAGIC_COOKIE >>> 16));
  raw.forEach((byte, i) => (value[4 + i] = byte ^ mask[i]!));
  return value;
}

/** The Binding success response to `transactionId` telling the client it came from (address, port). */
export function bindingResponse(transactionId: Uint8Array, address: string, port: number): Uint8Array {
  const mapped = xorMappedAddress(transactionId, address, port);
  const length = 4 + mapped.length + 8;
  const message = new Uint8Array(HEADER_BYTES + length);
  const view = new DataView(message.buffer);
  view.setUint16(0, BINDING_SUCCESS);
  view.setUint16(2, length);
  view.setUint32(4, MAGIC_COOKIE);
  message.set(transactionId, 8);
  view.setUint16(HEADER_BYTES, XOR_MAPPED_ADDRESS);
  view.setUint16(HEADER_BYTES + 2, mapped.length);
  message.set(mapped, HEADER_BYTES + 4);
  // §14.7: the CRC covers the message up to the FINGERPRINT attribute, with the length already counting it.
  const fingerprintAt = HEADER_BYTES + 4 + mapped.length;
  view.setUint16(fingerprintAt, FINGERPRINT);
  view.setUint16(fingerprintAt + 2, 4);
  view.setUint32(fingerprintAt + 4, (crc32(message.subarray(0, fingerprintAt)) ^ FINGERPRINT_XOR) >>> 0);
  return message;
}

export interface StunServerOptions {
  host: string;
  port: number;
  /** Binding requests answered per second and source address (burst: twice that). Default 20. */
  requestsPerSecond?: number;
  onRequest?: (answered: boolean) => void;
}

export interface RunningStunServer {
  port: number;
  close(): Promise<void>;
}

/** How many source addresses' rate buckets are kept before the oldest are forgotten. */
const MAX_TRACKED_ADDRESSES = 10_000;

export async function startStunServer(options: StunServerOptions): Promise<RunningStunServer> {
  const rate = options.requestsPerSecond ?? 20;
  const buckets = new Map<string, TokenBucket>();
  const socket: Socket = createSocket({ type: isIPv4(options.host) || options.host === '0.0.0.0' ? 'udp4' : 'udp6', reuseAddr: false });
  socket.on('message', (message, remote) => {
    const id = bindingRequestId(message);
    let bucket = buckets.get(remote.address);
    if (!bucket) {
      if (buckets.size >= MAX_TRACKED_ADDRESSES) buckets.delete(buckets.keys().next().value!);
      bucket = new TokenBucket(rate, rate * 2);
      buckets.set(remote.address, bucket);
    }
    const answered = id !== null && bucket.take();
    options.onRequest?.(answered);
    if (answered) socket.send(bindingResponse(id, remote.address, remote.port), remote.port, remote.address);
  });
  // A send to an address that went away reports an error on the socket; it concerns that datagram only.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
