// Appends sealed records to a recording file as chunks arrive. Each record is written with one
// write and flushed to disk before the next, so a crash (or a kill) leaves every earlier record
// whole; the file is created with the header only and never rewritten.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { createStreamHeader, sealRecord } from './sealed-stream';

export class StreamWriter {
  private index = 0;
  private closed = false;
  private bytesWritten: number;

  private constructor(
    private readonly handle: FileHandle,
    private readonly key: Uint8Array,
    private readonly header: Uint8Array,
  ) {
    this.bytesWritten = header.length;
  }

  /** Creates the file (it must not exist) and writes the header. */
  static async create(file: string, key: Uint8Array, recordingId: Uint8Array): Promise<StreamWriter> {
    const handle = await open(file, 'wx', 0o600);
    const header = createStreamHeader(recordingId);
    await handle.write(header);
    await handle.datasync();
    return new StreamWriter(handle, key, header);
  }

  get size(): number {
    return this.bytesWritten;
  }

  get chunkCount(): number {
    return this.index;
  }

  async append(chunk: Uint8Array): Promise<void> {
    await this.writeRecord(false, chunk);
  }

  /** Writes the end mark and closes the file; only a file that reached here opens in strict mode. */
  async finish(): Promise<void> {
    await this.writeRecord(true, new Uint8Array(0));
    await this.abandon();
  }

  /** Closes the file without an end mark (erase, shutdown): it stays recoverable up to here. */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async writeRecord(final: boolean, chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('The recording file is closed');
    const record = sealRecord(this.key, this.header, this.index, final, chunk);
    await this.handle.write(record);
    await this.handle.datasync();
    this.index += 1;
    this.bytesWritten += record.length;
  }
}
