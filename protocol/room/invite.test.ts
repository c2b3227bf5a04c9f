import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import { encodeInvite, encodeRelayInvite, parseInvite } from './invite';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
const hostKeyId = Uint8Array.from({ length: 16 }, (_, i) => 200 + i);
const fragment = `${Buffer.from(secret).toString('base64url')}.${Buffer.from(hostKeyId).toString('base64url')}`;

describe('invite links (§4.3)', () => {
  it('encodes parley://join#<secret>.<host key id> and parses it back', () => {
    const link = encodeInvite({ secret, hostKeyId });
    expect(link).toBe(`parley://join#${fragment}`);
    expect(parseInvite(link)).toEqual({ secret, hostKeyId });
    expect(parseInvite(`  ${link}\n`)).toEqual({ secret, hostKeyId });
  });

  it('encodes and parses the relay page form, keeping the relay base', () => {
    const link = encodeRelayInvite('https://relay.example.org:8443/parley/', { secret, hostKeyId });
    expect(link).toBe(`https://relay.example.org:8443/parley/join#${fragment}`);
    expect(parseInvite(link)).toEqual({ secret, hostKeyId, relayBase: 'https://relay.example.org:8443/parley' });
    expect(parseInvite(`http://127.0.0.1:9000/join#${fragment}`).relayBase).toBe('http://127.0.0.1:9000');
  });

  it('round-trips any secret and host key id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (s, h) => {
        expect(parseInvite(encodeInvite({ secret: s, hostKeyId: h }))).toEqual({ secret: s, hostKeyId: h });
      }),
    );
  });

  const rejected: [string, RegExp][] = [
    ['', /empty/],
    ['parley://join', /after "#"/],
    [`parley://call#${fragment}`, /must start with/],
    [`ftp://relay/join#${fragment}`, /must start with/],
    [`parley://join#${fragment.split('.')[0]}`, /<room secret>.<host key id>/],
    [`parley://join#${fragment}.x`, /<room secret>.<host key id>/],
    [`parley://join#${fragment.slice(1)}`, /room secret must be 32 bytes/],
    [`parley://join#${fragment.slice(0, -1)}`, /host key id must be 16 bytes/],
    [`parley://join#${fragment.replace('A', '+')}`, /room secret/],
    [`http://relay.example.org/join#${fragment}`, /must use https/],
    [`https://user@relay.example.org/join#${fragment}`, /not a valid relay host/],
    [`https://relay.example.org:99999/join#${fragment}`, /out of range/],
    [`https://relay.example.org/other#${fragment}`, /end in \/join/],
    [`https:///join#${fragment}`, /host is missing/],
    [`https://relay.example.org/join?x=1#${fragment}`, /relay/],
    [`parley://join#${'A'.repeat(3000)}`, /longer than/],
  ];
  it.each(rejected)('rejects %s with invalid-invite', (link, message) => {
    let error: unknown;
    try {
      parseInvite(link);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'invalid-invite', message: expect.stringMatching(message) });
  });

  it('throws only invalid-invite for arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `parley://join#${s}`), fc.string().map((s) => `https://${s}/join#${fragment}`)), (text) => {
        try {
          parseInvite(text);
        } catch (e) {
          expect(e).toMatchObject({ code: 'invalid-invite' });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
