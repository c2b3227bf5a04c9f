// What each error a person can meet says, and what they can do about it.
import type { CallErrorCode } from '../../call/call-store';
import type { MessageKey } from '../../i18n/i18n';

export interface ErrorContent {
  title: MessageKey;
  body: MessageKey;
  /** Trying the same meeting again can help (the cause may have gone away). */
  retry: boolean;
  /** About protection itself (keys, the organisation's rules): a shield icon. Ordinary trouble
   * (network, camera, a host's decision) gets a plain alert icon, so a shield keeps meaning security. */
  security?: true;
}

export const ERROR_CONTENT: Readonly<Record<CallErrorCode, ErrorContent>> = {
  'relay-unreachable': { title: 'error.relay.title', body: 'error.relay.body', retry: true },
  'invalid-invite': { title: 'error.invite.title', body: 'error.invite.body', retry: false },
  'room-locked': { title: 'error.locked.title', body: 'error.locked.body', retry: true },
  'room-full': { title: 'error.full.title', body: 'error.full.body', retry: true },
  'removed-by-host': { title: 'error.removed.title', body: 'error.removed.body', retry: false },
  'denied-by-host': { title: 'error.denied.title', body: 'error.denied.body', retry: false },
  'camera-unavailable': { title: 'error.camera.title', body: 'error.camera.body', retry: true },
  'keystore-locked': { title: 'error.keystore.title', body: 'error.keystore.body', retry: false, security: true },
  'relay-without-turn': { title: 'error.noTurn.title', body: 'error.noTurn.body', retry: false },
  'relay-not-allowed': { title: 'error.relayNotAllowed.title', body: 'error.relayNotAllowed.body', retry: false, security: true },
  internal: { title: 'error.internal.title', body: 'error.internal.body', retry: true },
};
