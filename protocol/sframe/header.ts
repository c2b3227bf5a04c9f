// The SFrame header (RFC 9605 §4.3): a config byte |X|K|Y|C| followed by the KID and CTR as
// compact big-endian unsigned integers. Values 0-7 sit in the config byte (flag 0); larger values
// follow it in the minimum number of bytes (flag 1, 3-bit field = length - 1). Both are < 2^64.
import { ProtocolError } from '../errors';

const MAX_U64 = (1n << 64n) - 1n;

export interface SframeHeader {
  kid: bigint;
  ctr: bigint;
  /** Bytes the header occupies at the start of the frame. */
  length: number;
}

function checkU64(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_U64) {
    throw new ProtocolError('malformed', `SFrame ${name} must be an unsigned 64-bit integer`);
  }
}

/** Minimum number of bytes that hold `value` (>= 1). */
function byteLength(value: bigint): number {
  let length = 1;
  while (value >> BigInt(8 * length) !== 0n) length++;
  return length;
}

function writeBigEndian(out: Uint8Array, offset: number, value: bigint, length: number): void {
  for (let i = length - 1; i >= 0; i--) {
    out[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

/** §4.3: encodes KID and CTR in the shortest form the RFC requires. */
export function encodeHeader(kid: bigint, ctr: bigint): Uint8Array {
  checkU64('KID', kid);
  checkU64('CTR', ctr);
  const kidLength = kid < 8n ? 0 : byteLength(kid);
  const ctrLength = ctr < 8n ? 0 : byteLength(ctr);
  const out = new Uint8Array(1 + kidLength + ctrLength);
  const kidField = kidLength === 0 ? Number(kid) : 0x8 | (kidLength - 1);
  const ctrField = ctrLength === 0 ? Number(ctr) : 0x8 | (ctrLength - 1);
  out[0] = (kidField << 4) | ctrField;
  writeBigEndian(out, 1, kid, kidLength);
  writeBigEndian(out, 1 + kidLength, ctr, ctrLength);
  return out;
}

/**
 * Reads one compact field. `field` is the 4-bit X|K (or Y|C) nibble of the config byte. Rejects
 * the encodings §4.3 forbids ("MUST be encoded with the minimum number of bytes"): a leading zero
 * byte, or the extended form for a value below 8. So every (KID, CTR) has exactly one header.
 */
function readField(name: string, frame: Uint8Array, offset: number, field: number): { value: bigint; next: number } {
  if ((field & 0x8) === 0) return { value: BigInt(field), next: offset };
  const length = (field & 0x7) + 1;
  if (offset + length > frame.length) {
    throw new ProtocolError('malformed', `SFrame header truncated: ${name} needs ${length} bytes`);
  }
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(frame[offset + i]!);
  if (length > 1 && frame[offset] === 0) {
    throw new ProtocolError('malformed', `SFrame ${name} is not minimally encoded (leading zero byte)`);
  }
  if (value < 8n) {
    throw new ProtocolError('malformed', `SFrame ${name} below 8 must sit in the config byte`);
  }
  return { value, next: offset + length };
}

/** §4.3: parses the header at the start of `frame`; `length` says where the ciphertext begins. */
export function decodeHeader(frame: Uint8Array): SframeHeader {
  if (!(frame instanceof Uint8Array) || frame.length < 1) {
    throw new ProtocolError('malformed', 'SFrame header missing');
  }
  const config = frame[0]!;
  const kid = readField('KID', frame, 1, config >> 4);
  const ctr = readField('CTR', frame, kid.next, config & 0xf);
  return { kid: kid.value, ctr: ctr.value, length: ctr.next };
}
