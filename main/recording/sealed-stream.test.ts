import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingDataError, STREAM_HEADER_LENGTH, createStreamHeader, openStream, sealRecord } from './sealed-stream';
import { StreamWriter } from './stream-writer';

const key = new Uint8Array(32).fill(0x42);
const recordingId = new Uint8Array(16).fill(0x07);
const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array(1000).fill(9), new Uint8Array([0xff]), new Uint8Array(50).fill(4)];

/** A complete file, and where each record starts. */
function build(parts = chunks, final = true) {
  const header = createStreamHeader(recordingId);
  const records = parts.map((c, i) => sealRecord(key, header, i, false, c));
  if (final) records.push(sealRecord(key, header, parts.length, true, new Uint8Array(0)));
  const file = new Uint8Array(header.length + records.reduce((n, r) => n + r.length, 0));
  file.set(header);
  const starts: number[] = [];
  let offset = header.length;
  for (const r of records) {
    starts.push(offset);
    file.set(r, offset);
    offset += r.length;
  }
  return { header, records, file, starts };
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordingDataError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('sealed recording stream', () => {
  it('round-trips the chunks and says the file is complete', () => {
    const { file } = build();
    const opened = openStream(key, file, 'strict');
    expect(opened.chunks).toEqual(chunks);
    expect(opened.complete).toBe(true);
    expect(opened.recordingId).toEqual(recordingId);
  });

  it('matches XChaCha20-Poly1305 with nonce = prefix || index u32 BE || final flag and the header as AAD', () => {
    const { header, records } = build();
    const nonce = new Uint8Array(24);
    nonce.set(header.subarray(STREAM_HEADER_LENGTH - 19));
    nonce[22] = 1; // index 1, big-endian in bytes 19..22
    const sealed = records[1]!.subarray(4);
    expect(new DataView(records[1]!.buffer).getUint32(0, false)).toBe(sealed.length);
    expect(xchacha20poly1305(key, nonce, header).decrypt(sealed)).toEqual(chunks[1]);
  });

  it('does not contain the plaintext', () => {
    const marker = new TextEncoder().encode('webm-plaintext-marker');
    const { file } = build([marker]);
    expect(Buffer.from(file).includes(Buffer.from(marker))).toBe(false);
  });

  it('detects truncation after any whole record', () => {
    const { file, starts } = build();
    for (const cut of starts) expect(problemOf(() => openStream(key, file.subarray(0, cut), 'strict'))).toBe('truncated');
  });

  it('detects reordered and duplicated records', () => {
    const { header, records } = build();
    const swapped = [records[1]!, records[0]!, ...records.slice(2)];
    const duplicated = [records[0]!, records[0]!, ...records.slice(1)];
    for (const order of [swapped, duplicated]) {
      const file = Buffer.concat([header, ...order]);
      expect(problemOf(() => openStream(key, new Uint8Array(file), 'strict'))).toBe('corrupt');
      expect(problemOf(() => openStream(key, new Uint8Array(file), 'recover'))).toBe('corrupt');
    }
  });

  it('detects a flipped bit anywhere after the magic', () => {
    const { file } = build();
    for (let i = 5; i < file.length; i += 7) {
      const bad = file.slice();
      bad[i]! ^= 0x10;
      expect(problemOf(() => openStream(key, bad, 'strict')), `bit flipped at byte ${i}`).not.toBe('none');
    }
  });

  it('refuses another key, foreign files and data after the end mark', () => {
    const { file } = build();
    expect(problemOf(() => openStream(new Uint8Array(32), file, 'strict'))).toBe('corrupt');
    expect(problemOf(() => openStream(key, new TextEncoder().encode('\x1aE\xdf\xa3 webm'), 'strict'))).toBe('not-a-recording');
    expect(problemOf(() => openStream(key, new Uint8Array([...file, 0, 0, 0, 0]), 'strict'))).toBe('data-after-end');
  });

  it('after a kill inside the last record, recovers every chunk before it', () => {
    // The writer appends one record per chunk; a kill can stop it at any byte of the record being written.
    const { file, starts } = build(chunks, false);
    const lastStart = starts.at(-1)!;
    for (let cut = lastStart; cut < file.length; cut++) {
      const opened = openStream(key, file.subarray(0, cut), 'recover');
      expect(opened.chunks).toEqual(chunks.slice(0, -1));
      expect(opened.complete).toBe(false);
      expect(problemOf(() => openStream(key, file.subarray(0, cut), 'strict'))).toBe('truncated');
    }
    expect(openStream(key, file, 'recover').chunks).toEqual(chunks);
  });
});

describe('StreamWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-stream-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a file that opens strictly once finished, and recovers when abandoned', async () => {
    const finished = path.join(dir, 'a.prec');
    const writer = await StreamWriter.create(finished, key, recordingId);
    for (const c of chunks) await writer.append(c);
    await writer.finish();
    const bytes = new Uint8Array(await readFile(finished));
    expect(writer.size).toBe(bytes.length);
    expect(openStream(key, bytes, 'strict').chunks).toEqual(chunks);
    await expect(StreamWriter.create(finished, key, recordingId)).rejects.toThrow(/EEXIST/);

    const abandoned = path.join(dir, 'b.prec');
    const crashed = await StreamWriter.create(abandoned, key, recordingId);
    for (const c of chunks) await crashed.append(c);
    crashed.abandon();
    const partial = new Uint8Array(await readFile(abandoned));
    expect(problemOf(() => openStream(key, partial, 'strict'))).toBe('truncated');
    expect(openStream(key, partial, 'recover')).toMatchObject({ chunks, complete: false });
  });
});
