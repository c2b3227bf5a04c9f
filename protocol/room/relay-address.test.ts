import { describe, expect, it } from 'vitest';
import { isLocalNetworkHost, isLoopbackRelay, normalizeRelayUrl, relayAllowed, relayPageBase, sameRelayOrigin } from './relay-address';

describe('relay addresses (§4.4)', () => {
  it('normalises scheme, host case and trailing slashes', () => {
    expect(normalizeRelayUrl('WSS://Relay.Example.ORG:443/a/b/')).toBe('wss://relay.example.org:443/a/b');
    expect(normalizeRelayUrl('ws://[::1]:9000')).toBe('ws://[::1]:9000');
  });

  it('allows ws:// only on this computer and on private networks', () => {
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.3.4', '[::1]', '[fd12:3456::1]', '[fe80::1]']) {
      expect(isLocalNetworkHost(host)).toBe(true);
      expect(normalizeRelayUrl(`ws://${host}:8443`)).toBe(`ws://${host}:8443`);
    }
    for (const host of ['8.8.8.8', '172.32.0.1', '192.169.0.1', 'relay.example.org', '[2001:db8::1]', '100.64.0.1', '10.0.0']) {
      expect(isLocalNetworkHost(host)).toBe(false);
      expect(() => normalizeRelayUrl(`ws://${host}:8443`)).toThrow(/wss:\/\/|not a valid relay host/);
    }
  });

  it('refuses what is not a plain relay URL, saying why', () => {
    expect(() => normalizeRelayUrl('')).toThrow(/empty/);
    expect(() => normalizeRelayUrl('https://relay.example.org')).toThrow(/not a relay address/);
    expect(() => normalizeRelayUrl('wss://relay.example.org/?x=1')).toThrow(/not a relay address/);
    expect(() => normalizeRelayUrl('wss://user@relay.example.org')).toThrow(/not a valid relay host/);
    expect(() => normalizeRelayUrl('wss://relay.example.org:0')).toThrow(/out of range/);
    expect(() => normalizeRelayUrl('wss://relay.example.org/a b')).toThrow(/not a relay address|segment/);
    expect(() => normalizeRelayUrl(`wss://${'a'.repeat(600)}.org`)).toThrow(/longer than/);
  });

  it('compares relays by origin and applies allowedRelays', () => {
    expect(sameRelayOrigin('wss://r.example/x', 'wss://r.example/')).toBe(true);
    expect(sameRelayOrigin('wss://r.example', 'wss://r.example:444')).toBe(false);
    expect(sameRelayOrigin('wss://R.example:443', 'wss://r.example')).toBe(true);
    expect(sameRelayOrigin('ws://r.example', 'wss://r.example')).toBe(false);
    expect(relayAllowed('wss://r.example/x', null)).toBe(true);
    expect(relayAllowed('wss://r.example/x', ['wss://r.example/'])).toBe(true);
    expect(relayAllowed('wss://evil.example', ['wss://r.example/'])).toBe(false);
    expect(sameRelayOrigin('not a url', 'wss://r.example')).toBe(false);
  });

  it('knows which relays are on this computer only', () => {
    expect(isLoopbackRelay('ws://127.0.0.1:9')).toBe(true);
    expect(isLoopbackRelay('ws://localhost:9')).toBe(true);
    expect(isLoopbackRelay('ws://[::1]:9')).toBe(true);
    expect(isLoopbackRelay('ws://192.168.1.2:9')).toBe(false);
    expect(isLoopbackRelay('wss://localhost.example.org')).toBe(false);
  });

  it('knows which relays have an https page', () => {
    expect(relayPageBase('wss://r.example:8443/p')).toBe('https://r.example:8443/p');
    expect(relayPageBase('ws://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(relayPageBase('ws://192.168.1.2:9000')).toBeNull();
  });
});
