// The encrypted recording file: MediaRecorder chunks sealed one by one, STREAM-style (Hoang,
// Reyhanitabar, Rogaway, Vizár, "Online AE and its nonce-reuse misuse-resistance", 2015), with
// XChaCha20-Poly1305 under a per-recording key. Each chunk's nonce carries its index and a
// final flag, so
//   * a crash loses at most the record being written (every earlier record stands alone),
//   * reordered, dropped or duplicated records fail authentication at their position,
//   * a file cut after any whole record is recognised as truncated (no record has final = 1).
//
//   file   = header || record*
//   header = "PLYR" || version 0x01 || recordingId [16] || noncePrefix [19]        (40 bytes)
//   record = length u32 BE || XChaCha20-Poly1305(key, nonce_i, chunk_i, aad = header)
//   nonce_i = noncePrefix [19] || i u32 BE || final u8 (1 only for the last record)
// The last record is empty and final: it only marks the end.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from 'node:crypto';
import { MAX_RECORDING_CHUNK } from '../../protocol/ipc-contract';

const MAGIC = [0x50, 0x4c, 0x59, 0x52]; // "PLYR"
const VERSION = 1;
export const RECORDING_ID_BYTES = 16;
const PREFIX_LENGTH = 19;
export const STREAM_HEADER_LENGTH = MAGIC.length + 1 + RECORDING_ID_BYTES + PREFIX_LENGTH;
const TAG = 16;
/** MediaRecorder hands out a chunk per timeslice; nothing sane is larger (the IPC limit). */
export const MAX_CHUNK_LENGTH = MAX_RECORDING_CHUNK;
const MAX_RECORDS = 0xffffffff;

export type StreamProblem = 'not-a-recording' | 'truncated' | 'corrupt' | 'data-after-end';

export class RecordingDataError extends Error {
  constructor(
    readonly problem: StreamProblem,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingDataError';
  }
}

export function createStreamHeader(recordingId: Uint8Array): Uint8Array {
  if (recordingId.length !== RECORDING_ID_BYTES) throw new RangeError('recording id must be 16 bytes');
  const header = new Uint8Array(STREAM_HEADER_LENGTH);
  header.set(MAGIC);
  header[MAGIC.length] = VERSION;
  header.set(recordingId, MAGIC.length + 1);
  header.set(randomBytes(PREFIX_LENGTH), MAGIC.length + 1 + RECORDING_ID_BYTES);
  return header;
}

function nonce(header: Uint8Array, index: number, final: boolean): Uint8Array {
  const out = new Uint8Array(24);
  out.set(header.subarray(STREAM_HEADER_LENGTH - PREFIX_LENGTH));
  new DataView(out.buffer).setUint32(PREFIX_LENGTH, index, false);
  out[23] = final ? 1 : 0;
  return out;
}

/** One record (length prefix included), ready to append to the file. */
export function sealRecord(key: Uint8Array, header: Uint8Array, index: number, final: boolean, chunk: Uint8Array): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_RECORDS) throw new RangeError('chunk index out of range');
  if (chunk.length > MAX_CHUNK_LENGTH) throw new RangeError('chunk too large');
  const sealed = xchacha20poly1305(key, nonce(header, index, final), header).encrypt(chunk);
  const out = new Uint8Array(4 + sealed.length);
  new DataView(out.buffer).setUint32(0, sealed.length, false);
  out.set(sealed, 4);
  return out;
}

export interface OpenedStream {
  recordingId: Uint8Array;
  chunks: Uint8Array[];
  /** True when the final record was found; false only in 'recover' mode (the end was cut off). */
  complete: boolean;
}

/**
 * Decrypts a whole file. 'strict' accepts only a complete, untouched file. 'recover' (after a
 * crash) returns every record before the last one that is cut off or unreadable; damage
 * anywhere before the last record is tampering, not a crash, and is refused in both modes.
 */
export function openStream(key: Uint8Array, file: Uint8Array, mode: 'strict' | 'recover'): OpenedStream {
  if (file.length < STREAM_HEADER_LENGTH || MAGIC.some((b, i) => file[i] !== b) || file[MAGIC.length] !== VERSION) {
    throw new RecordingDataError('not-a-recording', 'The file is not a Parley recording');
  }
  const header = file.subarray(0, STREAM_HEADER_LENGTH);
  const recordingId = header.slice(MAGIC.length + 1, MAGIC.length + 1 + RECORDING_ID_BYTES);
  const chunks: Uint8Array[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let offset = STREAM_HEADER_LENGTH;
  for (let index = 0; ; index++) {
    if (offset === file.length) {
      if (mode === 'recover') return { recordingId, chunks, complete: false };
      throw new RecordingDataError('truncated', `The recording ends after ${index} records without its end mark`);
    }
    const length = offset + 4 <= file.length ? view.getUint32(offset, false) : -1;
    const whole = length >= TAG && length <= MAX_CHUNK_LENGTH + TAG && offset + 4 + length <= file.length;
    const sealed = whole ? file.subarray(offset + 4, offset + 4 + length) : null;
    const isLast = !whole || offset + 4 + length === file.length;
    const final = sealed && tryOpen(key, header, index, true, sealed);
    const chunk = sealed && !final ? tryOpen(key, header, index, false, sealed) : null;
    if (!final && !chunk) {
      // The record the writer was in the middle of when it stopped: recoverable by dropping it.
      if (mode === 'recover' && isLast) return { recordingId, chunks, complete: false };
      if (!whole && isLast) throw new RecordingDataError('truncated', `The recording is cut off inside record ${index}`);
      throw new RecordingDataError('corrupt', `Record ${index} does not authenticate (altered, reordered or from another file)`);
    }
    offset += 4 + length;
    if (final) {
      if (final.length !== 0) throw new RecordingDataError('corrupt', 'The end mark carries data');
      if (offset !== file.length) throw new RecordingDataError('data-after-end', 'Data follows the end mark');
      return { recordingId, chunks, complete: true };
    }
    chunks.push(chunk!);
  }
}

function tryOpen(key: Uint8Array, header: Uint8Array, index: number, final: boolean, sealed: Uint8Array): Uint8Array | null {
  try {
    return xchacha20poly1305(key, nonce(header, index, final), header).decrypt(sealed);
  } catch {
    return null;
  }
}
