import { describe, expect, it } from 'vitest';
import { parseUpdateFeedConfig } from './update-feed';

describe('parseUpdateFeedConfig', () => {
  it('reads the file electron-builder writes for a signed Windows build', () => {
    // As js-yaml dump() writes electron-builder's publish config (PublishManager).
    const text = [
      'provider: generic',
      'url: https://updates.example.com/parley',
      'channel: latest',
      'publisherName:',
      '  - Parley Contributors',
      '  - "Parley, Inc."',
      'updaterCacheDirName: parley-updater',
      '',
    ].join('\n');
    expect(parseUpdateFeedConfig(text)).toEqual({
      provider: 'generic',
      url: 'https://updates.example.com/parley',
      publisherNames: ['Parley Contributors', 'Parley, Inc.'],
    });
  });

  it('accepts a single publisher name and quoted scalars', () => {
    expect(parseUpdateFeedConfig("provider: generic\nurl: 'https://u.example.com/a'\npublisherName: 'O''Brien Ltd'\n")).toEqual({
      provider: 'generic',
      url: 'https://u.example.com/a',
      publisherNames: ["O'Brien Ltd"],
    });
  });

  it('has no publisher names when the build was not signed', () => {
    expect(parseUpdateFeedConfig('provider: generic\nurl: https://u.example.com\n')?.publisherNames).toEqual([]);
  });

  it('refuses what it does not understand, so auto-update stays off', () => {
    expect(parseUpdateFeedConfig('')).toBeNull(); // no provider
    expect(parseUpdateFeedConfig('provider: generic\nnested:\n  key: value\n')).toBeNull();
    expect(parseUpdateFeedConfig('provider: {a: 1\n')).toBeNull();
    expect(parseUpdateFeedConfig('provider: "unterminated\n')).toBeNull();
    expect(parseUpdateFeedConfig('  - orphan item\nprovider: generic\n')).toBeNull();
    expect(parseUpdateFeedConfig('provider: generic\nurl:\n  - https://a\n')).toBeNull();
  });
});
