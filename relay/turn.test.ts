import { describe, expect, it } from 'vitest';
import { createTurnCredentials, turnPassword } from './turn';

describe('TURN REST credentials', () => {
  it('matches an HMAC-SHA1 computed independently', () => {
    // printf '%s' '1700000000:parley' | openssl dgst -sha1 -hmac 'north-sea' -binary | base64
    expect(turnPassword('north-sea', '1700000000:parley')).toBe('3tegwhb2lfVJmGtQK98rLz/dXpU=');
  });

  it('username is expiry:random and the password is the HMAC of it', () => {
    const now = Date.UTC(2026, 0, 1);
    const creds = createTurnCredentials({ secret: 's3cret', urls: ['turn:127.0.0.1:3478'], ttlSeconds: 600 }, now);
    const [expiry, random] = creds.username.split(':');
    expect(Number(expiry)).toBe(now / 1000 + 600);
    expect(random).toMatch(/^[0-9a-f]{24}$/);
    expect(creds.password).toBe(turnPassword('s3cret', creds.username));
    expect(creds).toMatchObject({ ttlSeconds: 600, urls: ['turn:127.0.0.1:3478'] });
    expect(createTurnCredentials({ secret: 's3cret', urls: [] }, now).username).not.toBe(creds.username);
  });
});
