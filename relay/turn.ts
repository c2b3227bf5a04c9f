// TURN REST API credentials (draft-uberti-behave-turn-rest-00 §2.2, coturn `use-auth-secret`):
// username = "<expiry unix seconds>:<random>", password = base64(HMAC-SHA1(secret, username)).
// coturn recomputes the HMAC with the same static-auth-secret and refuses expired usernames.
import { createHmac, randomBytes } from 'node:crypto';
import type { TurnCredentials } from '../protocol/relay-wire/codec';

export interface TurnConfig {
  secret: string;
  urls: string[];
  /** Credential lifetime; default 6 hours (a long call must not lose its TURN allocation). */
  ttlSeconds?: number;
}

export const DEFAULT_TURN_TTL_SECONDS = 6 * 60 * 60;

export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

export function createTurnCredentials(config: TurnConfig, nowMs: number = Date.now()): TurnCredentials {
  const ttlSeconds = config.ttlSeconds ?? DEFAULT_TURN_TTL_SECONDS;
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  // The random part keeps usernames unlinkable between joins; it carries no identity.
  const username = `${expiry}:${randomBytes(12).toString('hex')}`;
  return { username, password: turnPassword(config.secret, username), ttlSeconds, urls: [...config.urls] };
}
