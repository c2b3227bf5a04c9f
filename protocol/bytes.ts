// Small byte helpers shared by protocol/ codecs: concatenation, big-endian integers, a bounds-checked
// reader that only ever throws ProtocolError('malformed'), and strict unpadded base64url.
import { ProtocolError } from './errors';

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function u32be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new ProtocolError('malformed', `${value} does not fit in an unsigned 32-bit integer`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

export function u16be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new ProtocolError('malformed', `${value} does not fit in an unsigned 16-bit integer`);
  }
  return new Uint8Array([value >>> 8, value & 0xff]);
}

/** Builds a byte string from fields; the counterpart of ByteReader. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];

  u8(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) {
      throw new ProtocolError('malformed', `${value} does not fit in a byte`);
    }
    this.parts.push(new Uint8Array([value]));
    return this;
  }

  u16(value: number): this {
    this.parts.push(u16be(value));
    return this;
  }

  u32(value: number): this {
    this.parts.push(u32be(value));
    return this;
  }

  /** Raw bytes whose length the format fixes (the reader asks for the same length). */
  fixed(bytes: Uint8Array, length: number, what: string): this {
    if (bytes.length !== length) throw new ProtocolError('malformed', `${what} must be ${length} bytes, got ${bytes.length}`);
    this.parts.push(bytes);
    return this;
  }

  /** u16 length, then the bytes. */
  vec16(bytes: Uint8Array): this {
    this.parts.push(u16be(bytes.length), bytes);
    return this;
  }

  /** u32 length, then the bytes. */
  vec32(bytes: Uint8Array): this {
    this.parts.push(u32be(bytes.length), bytes);
    return this;
  }

  /** Everything that is left: only for the last field of a format. */
  rest(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  finish(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

/**
 * Reads fields from untrusted bytes. Every read is bounds-checked and throws
 * ProtocolError('malformed') naming `context` and the field; returned slices are copies, so a
 * decoded value never aliases (or lets a caller mutate) the input.
 */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly context: string,
  ) {
    if (!(bytes instanceof Uint8Array)) throw new ProtocolError('malformed', `${context}: input is not a byte array`);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(length: number, field: string): Uint8Array {
    if (length > this.remaining) {
      throw new ProtocolError('malformed', `${this.context}: truncated ${field} (needs ${length} bytes, ${this.remaining} left)`);
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    return this.take(1, field)[0]!;
  }

  u16(field: string): number {
    const b = this.take(2, field);
    return (b[0]! << 8) | b[1]!;
  }

  u32(field: string): number {
    const b = this.take(4, field);
    return new DataView(b.buffer).getUint32(0, false);
  }

  fixed(length: number, field: string): Uint8Array {
    return this.take(length, field);
  }

  vec16(field: string, maxLength = 0xffff): Uint8Array {
    const length = this.u16(`${field} length`);
    if (length > maxLength) throw new ProtocolError('malformed', `${this.context}: ${field} is ${length} bytes, more than ${maxLength}`);
    return this.take(length, field);
  }

  vec32(field: string, maxLength: number): Uint8Array {
    const length = this.u32(`${field} length`);
    if (length > maxLength) throw new ProtocolError('malformed', `${this.context}: ${field} is ${length} bytes, more than ${maxLength}`);
    return this.take(length, field);
  }

  rest(): Uint8Array {
    return this.take(this.remaining, 'rest');
  }

  /** Formats are exact: trailing bytes mean the input is not what it claims to be. */
  end(): void {
    if (this.remaining !== 0) throw new ProtocolError('malformed', `${this.context}: ${this.remaining} unexpected trailing bytes`);
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_VALUE = new Map([...B64URL].map((ch, i) => [ch, i] as const));

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64URL[b0 >> 2]! + B64URL[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 !== undefined) out += B64URL[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 !== undefined) out += B64URL[b2 & 63]!;
  }
  return out;
}

/**
 * Strict base64url decoding: unpadded, only the URL-safe alphabet, and canonical (unused trailing
 * bits must be zero), so every byte string has exactly one accepted text form.
 * Returns undefined for anything else; callers turn that into their own error.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of text) {
    const v = B64URL_VALUE.get(ch);
    if (v === undefined) return undefined;
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/**
 * Strict UTF-8 decoding (RFC 3629): rejects overlong forms, surrogates and code points above
 * U+10FFFF. Returns undefined for invalid input; callers turn that into their own error.
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b0 < 0x80) {
      cp = b0;
      extra = 0;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      extra = 1;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      extra = 2;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      extra = 3;
    } else {
      return undefined;
    }
    for (let k = 1; k <= extra; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    const minimum = [0, 0x80, 0x800, 0x10000][extra]!;
    if (cp < minimum || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}
