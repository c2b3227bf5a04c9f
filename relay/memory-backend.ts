// Rooms and mailboxes in this process's memory: the default, with no dependency beyond ws. Nothing
// is written anywhere; a room disappears when its last member leaves.
import { type BlobBundle, type MemberBlobs, encodeServerFrame } from '../protocol/relay-wire/codec';
import type { JoinResult, LocalPeer, RoomBackend } from './backend';
import { type MailboxLimits, MemoryMailboxes } from './mailbox';

interface Member {
  peer: LocalPeer;
  bundle: BlobBundle;
}

export class MemoryBackend implements RoomBackend {
  private readonly rooms = new Map<string, Map<string, Member>>();
  readonly mailboxes: MemoryMailboxes;

  constructor(mailboxLimits: MailboxLimits) {
    this.mailboxes = new MemoryMailboxes(mailboxLimits);
  }

  join(roomKey: string, peer: LocalPeer, bundle: BlobBundle, maxMembers: number): JoinResult {
    let room = this.rooms.get(roomKey);
    if (room && room.size >= maxMembers) return { ok: false, reason: 'roomFull' };
    if (!room) this.rooms.set(roomKey, (room = new Map()));
    const members: MemberBlobs[] = [];
    const announce = encodeServerFrame({ type: 'peer-joined', peerId: peer.id });
    for (const member of room.values()) {
      members.push({ peerId: member.peer.id, base: member.bundle.base, oneTime: member.bundle.oneTime.shift() ?? new Uint8Array(0) });
      member.peer.deliver(announce);
    }
    room.set(peer.key, { peer, bundle: { base: bundle.base, oneTime: [...bundle.oneTime] } });
    return { ok: true, members };
  }

  publish(roomKey: string, peer: LocalPeer, bundle: BlobBundle): void {
    const member = this.rooms.get(roomKey)?.get(peer.key);
    if (member) member.bundle = { base: bundle.base, oneTime: [...bundle.oneTime] };
  }

  leave(roomKey: string, peer: LocalPeer): void {
    const room = this.rooms.get(roomKey);
    if (!room?.delete(peer.key)) return;
    if (room.size === 0) {
      this.rooms.delete(roomKey);
      return;
    }
    const announce = encodeServerFrame({ type: 'peer-left', peerId: peer.id });
    for (const member of room.values()) member.peer.deliver(announce);
  }

  forward(roomKey: string, toKey: string, frame: Uint8Array): boolean {
    const member = this.rooms.get(roomKey)?.get(toKey);
    if (!member) return false;
    member.peer.deliver(frame);
    return true;
  }

  localRoomCount(): number {
    return this.rooms.size;
  }

  async close(): Promise<void> {
    this.rooms.clear();
    await this.mailboxes.close();
  }
}
