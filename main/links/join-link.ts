// parley://join#<base64url room secret>.<host key id> (DESIGN.md "Rooms and the handshake").
// Deep links arrive from the OS (open-url on macOS, argv of a second instance elsewhere);
// only a well-formed join link reaches the renderer, and only its fragment matters.
import type { JoinLink } from '../../protocol/ipc-contract';

export const DEEP_LINK_SCHEME = 'parley';
const MAX_LINK_LENGTH = 512;
/** 32 bytes in unpadded base64url. */
const ROOM_SECRET = /^[A-Za-z0-9_-]{43}$/;
/** Host key id: 8 to 64 bytes in unpadded base64url. */
const HOST_KEY_ID = /^[A-Za-z0-9_-]{11,86}$/;

export function parseJoinLink(url: unknown): JoinLink | null {
  if (typeof url !== 'string' || url.length > MAX_LINK_LENGTH) return null;
  const match = /^parley:\/\/join\/?#([^.]+)\.([^.]+)$/i.exec(url);
  if (!match) return null;
  const [, roomSecret, hostKeyId] = match;
  if (!ROOM_SECRET.test(roomSecret!) || !HOST_KEY_ID.test(hostKeyId!)) return null;
  return { roomSecret: roomSecret!, hostKeyId: hostKeyId! };
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
export class PendingJoinLinks {
  private pending: JoinLink | null = null;

  constructor(private readonly onOffer: () => void = () => {}) {}

  offer(link: JoinLink): void {
    this.pending = link;
    this.onOffer();
  }

  take(): JoinLink | null {
    const link = this.pending;
    this.pending = null;
    return link;
  }
}
