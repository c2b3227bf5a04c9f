// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { looksLikeInvite } from './invite-link';

const SECRET = 'q5f0xY3mJ1Zb8wKcR2nT4vL6pA9sD7gH0eU1iO3kMzN';

describe('looksLikeInvite', () => {
  it.each([
    `parley://join#${SECRET}.AbCd1234`,
    `  parley://join#${SECRET}.AbCd1234\n`,
    `parley://join?relay=wss%3A%2F%2Frelay.example.org#${SECRET}.AbCd1234`,
    `https://relay.example.org/join#${SECRET}.AbCd1234`,
  ])('accepts %j', (link) => {
    expect(looksLikeInvite(link)).toBe(true);
  });

  it.each([
    '',
    'hello',
    `parley://join#${SECRET}`,
    `parley://join#short.AbCd`,
    `parley://other#${SECRET}.AbCd1234`,
    `parley://join?other=wss%3A%2F%2Frelay.example.org#${SECRET}.AbCd1234`,
    `parley://join?relay=#${SECRET}.AbCd1234`,
    `http://relay.example.org/join#${SECRET}.AbCd1234`,
    `https://relay.example.org/elsewhere#${SECRET}.AbCd1234`,
    `https://relay.example.org/join?${SECRET}.AbCd1234`,
  ])('rejects %j', (link) => {
    expect(looksLikeInvite(link)).toBe(false);
  });
});
