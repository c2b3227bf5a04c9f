import { describe, expect, it, vi } from 'vitest';
import { openExternalSafely } from './external-links';
import { joinLinkFromArgv, parseJoinLink } from './join-link';

const secret = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_Q';
const hostKeyId = 'ABCDEFGHIJKLMNOPQRSTUQ';
const relay = 'wss%3A%2F%2Frelay.example.org%3A8443';

describe('parley://join links', () => {
  it('accepts an invite link, keeps the relay it names, and nothing else', () => {
    expect(parseJoinLink(`parley://join?relay=${relay}#${secret}.${hostKeyId}`)).toEqual({ inviteLink: `parley://join?relay=${relay}#${secret}.${hostKeyId}` });
    // Re-encoded in the normal form; an old link without a relay stays one.
    expect(parseJoinLink(`PARLEY://join/?relay=wss%3A%2F%2FRelay.example.org%3A8443%2F#${secret}.${hostKeyId}`)).toEqual({ inviteLink: `parley://join?relay=${relay}#${secret}.${hostKeyId}` });
    expect(parseJoinLink(`parley://join#${secret}.${hostKeyId}`)).toEqual({ inviteLink: `parley://join#${secret}.${hostKeyId}` });
    for (const bad of [
      `parley://join#${secret}`, `parley://join#${secret.slice(1)}.${hostKeyId}`, `parley://evil#${secret}.${hostKeyId}`,
      `https://relay.example.org/join#${secret}.${hostKeyId}`, `parley://join#${secret}.host key id`, `parley://join#${secret}.a.b`,
      `parley://join?relay=ws%3A%2F%2Fevil.example#${secret}.${hostKeyId}`, `parley://join?x=1#${secret}.${hostKeyId}`, 42,
    ]) {
      expect(parseJoinLink(bad), String(bad)).toBeNull();
    }
    expect(joinLinkFromArgv(['parley.exe', '--allow-file-access', `parley://join?relay=${relay}#${secret}.${hostKeyId}`])).toEqual({ inviteLink: `parley://join?relay=${relay}#${secret}.${hostKeyId}` });
  });
});

describe('external links', () => {
  it('opens only https links, only after the user confirms', async () => {
    const opener = { confirm: vi.fn(async () => true), open: vi.fn(async () => {}) };
    for (const url of ['http://a.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@a.example/', 'smb://share/x']) {
      expect(await openExternalSafely(url, opener)).toBe(false);
    }
    expect(opener.confirm).not.toHaveBeenCalled();
    expect(await openExternalSafely('https://a.example/help', opener)).toBe(true);
    expect(opener.open).toHaveBeenCalledWith('https://a.example/help');
    opener.confirm.mockResolvedValueOnce(false);
    expect(await openExternalSafely('https://b.example/', opener)).toBe(false);
    expect(opener.open).toHaveBeenCalledTimes(1);
    expect(await openExternalSafely('https://b.example/', null)).toBe(false);
  });
});
