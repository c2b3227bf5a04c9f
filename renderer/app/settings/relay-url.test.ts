// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isRelayUrl } from './relay-url';

describe('isRelayUrl', () => {
  it.each(['wss://relay.example.org', 'ws://127.0.0.1:8443', 'wss://relay.example.org/path'])('accepts %s', (url) => {
    expect(isRelayUrl(url)).toBe(true);
  });
  it.each(['https://relay.example.org', 'relay.example.org', 'ws://', ''])('rejects %j', (url) => {
    expect(isRelayUrl(url)).toBe(false);
  });
});
