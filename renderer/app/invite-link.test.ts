// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { inviteLinkProblem } from './invite-link';

const SECRET = 'q5f0xY3mJ1Zb8wKcR2nT4vL6pA9sD7gH0eU1iO3kMzM';
const HOST = 'AbCdEfGhIjKlMnOpQrStUQ';

describe('inviteLinkProblem', () => {
  it.each([
    `parley://join?relay=wss%3A%2F%2Frelay.example.org#${SECRET}.${HOST}`,
    `  parley://join#${SECRET}.${HOST}\n`,
    `https://relay.example.org/join#${SECRET}.${HOST}`,
  ])('accepts %j', (link) => {
    expect(inviteLinkProblem(link)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['hello', /after "#"/],
    [`parley://join#${SECRET}`, /<room secret>.<host key id>/],
    [`parley://join#${SECRET.slice(0, 30)}.${HOST}`, /was the link cut off/],
    [`parley://other#${SECRET}.${HOST}`, /must start with/],
    [`http://relay.example.org/join#${SECRET}.${HOST}`, /must use https/],
    [`https://relay.example.org/elsewhere#${SECRET}.${HOST}`, /end in \/join/],
    [`parley://join?relay=ws%3A%2F%2Frelay.example.org#${SECRET}.${HOST}`, /must use wss/],
  ])('refuses %j, saying why', (link, reason) => {
    expect(inviteLinkProblem(link)).toMatch(reason);
  });
});
