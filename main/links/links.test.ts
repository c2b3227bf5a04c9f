import { describe, expect, it, vi } from 'vitest';
import { openExternalSafely } from './external-links';
import { joinLinkFromArgv, parseJoinLink } from './join-link';

const secret = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_Q';

describe('parley://join links', () => {
  it('accepts a well-formed link and nothing else', () => {
    expect(parseJoinLink(`parley://join#${secret}.host-key_id1`)).toEqual({ roomSecret: secret, hostKeyId: 'host-key_id1' });
    for (const bad of [
      `parley://join#${secret}`, `parley://join#${secret.slice(1)}.host-key_id1`, `parley://evil#${secret}.host-key_id1`,
      `https://join#${secret}.host-key_id1`, `parley://join#${secret}.host key id`, `parley://join#${secret}.a.b`, `parley://join?${secret}.host-key_id1`, 42,
    ]) {
      expect(parseJoinLink(bad), String(bad)).toBeNull();
    }
    expect(joinLinkFromArgv(['parley.exe', '--allow-file-access', `parley://join#${secret}.host-key_id1`])).toMatchObject({ roomSecret: secret });
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
