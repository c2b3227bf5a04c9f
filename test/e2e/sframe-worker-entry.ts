// Worker side of the "runs in a Worker" check in webcrypto-provider.e2e.test.ts: the SFrame fast
// path with nothing but a Worker's globals (no DOM, no window).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { SframeReceiver, SframeSender } from '../../renderer/crypto/sframe-context';

export interface WorkerRequest {
  suite: number;
  kid: string;
  baseKey: string;
  plaintext: string;
  metadata: string;
}

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const { suite, kid, baseKey, plaintext, metadata } = event.data;
  void (async () => {
    const sender = new SframeSender(suite);
    await sender.setKey(BigInt(kid), hexToBytes(baseKey));
    const frame = await sender.encrypt(hexToBytes(plaintext), hexToBytes(metadata));
    const receiver = new SframeReceiver(suite);
    await receiver.addKey(BigInt(kid), hexToBytes(baseKey));
    const opened = await receiver.decrypt(frame, hexToBytes(metadata));
    postMessage({ frame: bytesToHex(frame), opened: bytesToHex(opened), hasWindow: typeof (globalThis as { window?: unknown }).window !== 'undefined' });
  })().catch((error: Error) => postMessage({ error: `${error.name}: ${error.message}` }));
});
