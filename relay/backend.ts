// Where room and mailbox state lives. The relay server talks to rooms and contact mailboxes only
// through this interface; the in-memory backend (one process) and the Redis backend (several
// processes) implement it.
import type { BlobBundle, MemberBlobs } from '../protocol/relay-wire/codec';
import type { MailboxHub } from './mailbox';

/** A member connected to this process. `deliver` writes an encoded server frame to its socket. */
export interface LocalPeer {
  readonly id: Uint8Array;
  /** Hex of `id`: the map key. */
  readonly key: string;
  deliver(frame: Uint8Array): void;
}

export type JoinResult = { ok: true; members: MemberBlobs[] } | { ok: false; reason: 'roomFull' };

export interface RoomBackend {
  /** Adds `peer` to the room unless it is full; returns the other members with, per member, the
   * base blob and one one-time blob (removed from that member's store). Tells the others. */
  join(roomKey: string, peer: LocalPeer, bundle: BlobBundle, maxMembers: number): JoinResult | Promise<JoinResult>;
  /** Replaces the peer's blobs. */
  publish(roomKey: string, peer: LocalPeer, bundle: BlobBundle): void | Promise<void>;
  /** Removes the peer and tells the others. */
  leave(roomKey: string, peer: LocalPeer): void | Promise<void>;
  /** Forwards an encoded `message` frame to member `toKey`; false if it is not in the room. */
  forward(roomKey: string, toKey: string, frame: Uint8Array): boolean;
  /** Rooms with members on this process (for /metrics). */
  localRoomCount(): number;
  /** Only with a shared store (Redis): whether it is reachable now (for /healthz and /metrics). */
  sharedStoreReady?(): boolean;
  /** Contact mailboxes (PROTOCOL.md §13.4), shared as far as the rooms are. */
  readonly mailboxes: MailboxHub;
  /** Closes the mailboxes too. */
  close(): Promise<void>;
}

export function hexKey(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}
