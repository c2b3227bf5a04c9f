// The relay scan the e2e tests rely on: it finds plaintext where there is some, and does not
// cry wolf over random (encrypted) bytes.
import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { SDP_START, relayLeaks } from '../harness/relay-scan';

const offer = new TextEncoder().encode('v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n');

describe('relayLeaks', () => {
  it('finds an SDP and an identity key among frames, raw or in hex', () => {
    const key = randomBytes(32);
    const hexKey = new TextEncoder().encode(Buffer.from(key).toString('hex'));
    expect(relayLeaks([randomBytes(100), offer], [SDP_START, '127.0.0.1'], [])).toEqual([SDP_START, '127.0.0.1']);
    expect(relayLeaks([randomBytes(10), key], [], [key])).toHaveLength(1);
    expect(relayLeaks([hexKey], [], [key])).toHaveLength(1);
  });

  it('finds nothing in 4 MB of random bytes', () => {
    const frames = Array.from({ length: 64 }, () => randomBytes(65_536));
    expect(relayLeaks(frames, [SDP_START, 'a=fingerprint', 'candidate', '127.0.0.1'], [randomBytes(32)])).toEqual([]);
  });

  it('refuses markers short enough to match random bytes by chance', () => {
    expect(() => relayLeaks([offer], ['v=0'], [])).toThrow(/v=0/);
  });
});
