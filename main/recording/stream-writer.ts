// Appends sealed records to a recording file as chunks arrive. Each record is written with one
// write and flushed to disk before the next, so a crash (or a kill) leaves every earlier record
// whole; the file is created with the header only and never rewritten. The file is opened per
// record, not held open: nothing stops "erase everything" from removing the folder (Windows
// refuses to delete open files), and a recording whose folder is gone fails at its next chunk.
import { open } from 'node:fs/promises';
import { createStreamHeader, sealRecord } from './sealed-stream';

export class StreamWriter {
  private index = 0;
  private closed = false;
  private bytesWritten: number;

  private constructor(
    private readonly file: string,
    private readonly key: Uint8Array,
    private readonly header: Uint8Array,
  ) {
    this.bytesWritten = header.length;
  }

  /** Creates the file (it must not exist) and writes the header. */
  static async create(file: string, key: Uint8Array, recordingId: Uint8Array): Promise<StreamWriter> {
    const header = createStreamHeader(recordingId);
    await writeAndSync(file, 'wx', header);
    return new StreamWriter(file, key, header);
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

  /** Writes the end mark; only a file that reached here opens in strict mode. */
  async finish(): Promise<void> {
    await this.writeRecord(true, new Uint8Array(0));
    this.closed = true;
  }

  /** Stops without an end mark (erase, shutdown): the file stays recoverable up to here. */
  abandon(): void {
    this.closed = true;
  }

  private async writeRecord(final: boolean, chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('The recording file is closed');
    const record = sealRecord(this.key, this.header, this.index, final, chunk);
    // 'r+' at the known end, never 'a': a file that vanished (erased) is an error, not re-created.
    await writeAndSync(this.file, 'r+', record, this.bytesWritten);
    this.index += 1;
    this.bytesWritten += record.length;
  }
}

async function writeAndSync(file: string, flags: 'wx' | 'r+', bytes: Uint8Array, position = 0): Promise<void> {
  const handle = await open(file, flags, 0o600);
  try {
    await handle.write(bytes, 0, bytes.length, position);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
