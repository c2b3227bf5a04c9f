import { createSocket } from 'node:dgram';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAGIC_COOKIE, bindingRequestId, bindingResponse, startStunServer, xorMappedAddress } from './stun';
import type { RunningStunServer } from './stun';

const hex = (text: string) => Uint8Array.from(text.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));
/** RFC 5769 §2.2 / §2.3: the transaction id of the sample responses. */
const RFC5769_ID = hex('b7 e7 a7 01 bc 34 d6 86 fa 87 df ae');

function bindingRequest(id: Uint8Array, attributes: Uint8Array = new Uint8Array()): Uint8Array {
  const message = new Uint8Array(20 + attributes.length);
  const view = new DataView(message.buffer);
  view.setUint16(0, 0x0001);
  view.setUint16(2, attributes.length);
  view.setUint32(4, MAGIC_COOKIE);
  message.set(id, 8);
  message.set(attributes, 20);
  return message;
}

describe('STUN Binding responder (RFC 8489)', () => {
  it('XOR-MAPPED-ADDRESS matches the RFC 5769 sample responses', () => {
    expect(xorMappedAddress(RFC5769_ID, '192.0.2.1', 32853)).toEqual(hex('00 01 a1 47 e1 12 a6 43'));
    expect(xorMappedAddress(RFC5769_ID, '2001:db8:1234:5678:11:2233:4455:6677', 32853)).toEqual(hex('00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9'));
    // Node reports IPv4 clients of a dual-stack socket as IPv4-mapped IPv6.
    expect(xorMappedAddress(RFC5769_ID, '::ffff:192.0.2.1', 32853)).toEqual(xorMappedAddress(RFC5769_ID, '0:0:0:0:0:ffff:c000:201', 32853));
  });

  it('answers with a success response carrying the mapped address and a valid FINGERPRINT', () => {
    const response = bindingResponse(RFC5769_ID, '192.0.2.1', 32853);
    const view = new DataView(response.buffer);
    expect(view.getUint16(0)).toBe(0x0101);
    expect(view.getUint16(2)).toBe(response.length - 20);
    expect(response.slice(8, 20)).toEqual(RFC5769_ID);
    expect(response.slice(20, 32)).toEqual(hex('00 20 00 08 00 01 a1 47 e1 12 a6 43'));
    expect(view.getUint16(32)).toBe(0x8028);
    expect(view.getUint32(36)).toBe((crc32(response.subarray(0, 32)) ^ 0x5354554e) >>> 0);
  });

  it('takes only well-formed Binding requests', () => {
    const id = Uint8Array.from({ length: 12 }, (_, i) => i);
    expect(bindingRequestId(bindingRequest(id))).toEqual(id);
    expect(bindingRequestId(bindingRequest(id, new Uint8Array(8)))).toEqual(id);
    const wrongCookie = bindingRequest(id);
    wrongCookie[4] = 0;
    const indication = bindingRequest(id);
    indication[1] = 0x11;
    const badLength = bindingRequest(id, new Uint8Array(8));
    badLength[3] = 4;
    for (const message of [wrongCookie, indication, badLength, new Uint8Array(19), bindingRequest(id, new Uint8Array(600)), bindingRequest(id, new Uint8Array(2))]) {
      expect(bindingRequestId(message)).toBeNull();
    }
  });

  let server: RunningStunServer | undefined;
  afterEach(async () => server?.close());

  it('answers a request over UDP with the address it came from, and drops floods and junk', async () => {
    const counts = { answered: 0, dropped: 0 };
    server = await startStunServer({ host: '127.0.0.1', port: 0, requestsPerSecond: 5, onRequest: (answered) => void counts[answered ? 'answered' : 'dropped']++ });
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    const replies: Buffer[] = [];
    client.on('message', (message) => replies.push(message));
    const id = Uint8Array.from({ length: 12 }, () => 7);
    client.send(bindingRequest(id), server.port, '127.0.0.1');
    await expect.poll(() => replies.length).toBe(1);
    expect(new Uint8Array(replies[0]!)).toEqual(bindingResponse(id, '127.0.0.1', client.address().port));
    client.send(new Uint8Array(40), server.port, '127.0.0.1');
    for (let i = 0; i < 30; i++) client.send(bindingRequest(id), server.port, '127.0.0.1');
    await expect.poll(() => counts.answered + counts.dropped).toBe(32);
    // The burst (10) is answered, the rest and the junk are not.
    expect(counts.answered).toBeLessThanOrEqual(11);
    expect(counts.dropped).toBeGreaterThanOrEqual(21);
    client.close();
  });
});
