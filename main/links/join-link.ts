// Deep links (`parley://join?relay=…#…`, PROTOCOL.md §4.3) arrive from the OS (open-url on
// macOS, argv of a second instance elsewhere). Only a link that parses as an invite reaches the
// renderer, re-encoded in its app form, relay included; the relay's https page hands over that
// same form (relay/join-page.ts).
import type { JoinLink } from '../../protocol/ipc-contract';
import { encodeInvite, parseInvite } from '../../protocol/room/invite';
import { PendingValue } from '../events/pending-value';

export const DEEP_LINK_SCHEME = 'parley';

export function parseJoinLink(url: unknown): JoinLink | null {
  if (typeof url !== 'string' || !/^parley:\/\/join[/?#]/i.test(url)) return null;
  try {
    return { inviteLink: encodeInvite(parseInvite(url)) };
  } catch {
    return null;
  }
}

/** The join link among a second instance's command-line arguments, if any. */
export function joinLinkFromArgv(argv: readonly string[]): JoinLink | null {
  for (const arg of argv) {
    const link = parseJoinLink(arg);
    if (link) return link;
  }
  return null;
}

/** Holds the latest join link until the renderer takes it (a newer link replaces an older one). */
export class PendingJoinLinks extends PendingValue<JoinLink> {}
