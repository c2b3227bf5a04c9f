import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors';
import { encodeInvite, encodeRelayInvite, parseInvite } from './invite';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
const hostKeyId = Uint8Array.from({ length: 16 }, (_, i) => 200 + i);
const fragment = `${Buffer.from(secret).toString('base64url')}.${Buffer.from(hostKeyId).toString('base64url')}`;

describe('invite links (§4.3)', () => {
  it('encodes parley://join?relay=…#<secret>.<host key id> and parses it back', () => {
    const link = encodeInvite({ secret, hostKeyId, relayUrl: 'wss://Relay.Example.org:8443/parley/' });
    expect(link).toBe(`parley://join?relay=wss%3A%2F%2Frelay.example.org%3A8443%2Fparley#${fragment}`);
    expect(parseInvite(link)).toEqual({ secret, hostKeyId, relayUrl: 'wss://relay.example.org:8443/parley' });
    expect(parseInvite(`  ${link}\n`)).toEqual({ secret, hostKeyId, relayUrl: 'wss://relay.example.org:8443/parley' });
    // A LAN meeting: ws:// to a private address.
    expect(parseInvite(encodeInvite({ secret, hostKeyId, relayUrl: 'ws://192.168.1.20:48443' })).relayUrl).toBe('ws://192.168.1.20:48443');
  });

  it('still reads links that name no relay (the guest uses its own)', () => {
    const link = encodeInvite({ secret, hostKeyId });
    expect(link).toBe(`parley://join#${fragment}`);
    expect(parseInvite(link)).toEqual({ secret, hostKeyId });
  });

  it('encodes and parses the relay page form, which names the same relay', () => {
    const link = encodeRelayInvite({ secret, hostKeyId, relayUrl: 'wss://relay.example.org:8443/parley' });
    expect(link).toBe(`https://relay.example.org:8443/parley/join#${fragment}`);
    expect(parseInvite(link!)).toEqual({ secret, hostKeyId, relayUrl: 'wss://relay.example.org:8443/parley' });
    expect(parseInvite(`http://127.0.0.1:9000/join#${fragment}`).relayUrl).toBe('ws://127.0.0.1:9000');
    // A LAN relay without TLS has no https page: only the app form reaches it.
    expect(encodeRelayInvite({ secret, hostKeyId, relayUrl: 'ws://10.0.0.5:48443' })).toBeNull();
  });

  it('round-trips any secret and host key id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (s, h) => {
        expect(parseInvite(encodeInvite({ secret: s, hostKeyId: h }))).toEqual({ secret: s, hostKeyId: h });
        expect(parseInvite(encodeInvite({ secret: s, hostKeyId: h, relayUrl: 'wss://r.example' }))).toEqual({ secret: s, hostKeyId: h, relayUrl: 'wss://r.example' });
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
    [`parley://join?relay=ws%3A%2F%2Frelay.example.org#${fragment}`, /must use wss/],
    [`parley://join?relay=https%3A%2F%2Frelay.example.org#${fragment}`, /not a relay address/],
    [`parley://join?relay=wss%3A%2F%2Fu%40relay.example.org#${fragment}`, /not a valid relay host/],
    [`parley://join?relay=%E0%A4%A#${fragment}`, /percent-encoded/],
    [`parley://join?relay=wss%3A%2F%2Fr.example&x=1#${fragment}`, /only "relay=/],
    [`parley://join?other=1#${fragment}`, /only "relay=/],
    [`http://192.168.1.5:8080/join#${fragment}`, /must use https/],
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
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `parley://join#${s}`), fc.string().map((s) => `https://${s}/join#${fragment}`), fc.string().map((s) => `parley://join?relay=${s}#${fragment}`)), (text) => {
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
