// An honest participant in Node (README.md "Honest peer"): the real relay client
// (protocol/relay-client), the real RoomSession, and the admission state machine of PROTOCOL.md
// §14 (protocol/admission) deciding everything — what the rebuilt call engine will do, without
// media. The evil client and the evil relay are tested against it, and checks of the machine's
// behaviour under attack can run without Chromium.
import WebSocket from 'ws';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { nobleProvider } from '../../protocol/crypto/noble-provider';
import { AdmissionDriver } from '../../protocol/admission/driver';
import type { DriverEffect } from '../../protocol/admission/driver';
import { createAdmission, isHost, nextEpoch } from '../../protocol/admission/machine';
import type { AdmissionState, HostAction, LobbyEntry, Peer, Status } from '../../protocol/admission/machine';
import { encodeAdmissionMessage } from '../../protocol/admission/messages';
import { statementSigningInput } from '../../protocol/admission/statement';
import type { PersonId } from '../../protocol/admission/statement';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { RelayClient } from '../../protocol/relay-client/client';
import type { RelaySocketConstructor } from '../../protocol/relay-client/socket';
import { hostKeyId, isHostKey } from '../../protocol/room/host-key-id';
import { encodeInvite, parseInvite } from '../../protocol/room/invite';
import { deriveRoomKeys, generateRoomSecret } from '../../protocol/room/room';
import type { Payload } from '../../protocol/wire/payload';
import { RoomSession } from '../../renderer/call/engine/room-session';
import type { RelayMember } from '../../renderer/call/engine/room-session';
import { freshIdentity } from './identity';
import type { ClientIdentity } from './identity';
import { Waiters } from './waiters';

export interface HonestPeerOptions {
  /** ws:// URL of the relay (or of an evil relay in front of it). */
  relayUrl: string;
  name: string;
  /** The meeting to join; without it the peer hosts a new one (its key is the invite's host). */
  invite?: string;
  lobbyEnabled?: boolean;
  identity?: ClientIdentity;
}

export class HonestPeer {
  /** Every effect the machine asked for, in order (sends included). */
  readonly effects: DriverEffect[] = [];
  /** Non-admission payloads the machine let through (from whom, what). */
  readonly accepted: Array<{ from: PersonId; payload: Payload }> = [];
  /** Envelopes the session refused (replays, tampering): the protocol's code. */
  readonly rejected: string[] = [];
  private readonly peers = new Map<string, Peer>();
  private readonly relayPeerOf = new Map<PersonId, string>();
  private readonly waiters = new Waiters();

  private constructor(
    readonly invite: string,
    readonly identityKey: Uint8Array,
    readonly driver: AdmissionDriver,
    private readonly client: RelayClient,
    private session: RoomSession | null,
  ) {}

  get id(): PersonId {
    return canonicalIdentityHex(this.identityKey);
  }

  get state(): AdmissionState {
    return this.driver.state;
  }

  get status(): Status {
    return this.driver.state.status;
  }

  get isHost(): boolean {
    return isHost(this.driver.state);
  }

  /** The lobby as the machine last showed it (host only). */
  get lobby(): LobbyEntry[] {
    const last = this.effects.filter((e): e is Extract<DriverEffect, { kind: 'lobby' }> => e.kind === 'lobby').at(-1);
    return last?.entries ?? [];
  }

  drops(reason?: string): Array<Extract<DriverEffect, { kind: 'drop' }>> {
    return this.effects.filter((e): e is Extract<DriverEffect, { kind: 'drop' }> => e.kind === 'drop' && (reason === undefined || e.reason === reason));
  }

  static async start(options: HonestPeerOptions): Promise<HonestPeer> {
    const identity = options.identity ?? (await freshIdentity()).identity;
    const identityKey = await identity.identityPublicKey();
    const self: Peer = { id: canonicalIdentityHex(identityKey), key: identityKey };
    const inviteLink = options.invite ?? encodeInvite({ secret: generateRoomSecret(nobleProvider), hostKeyId: await hostKeyId(nobleProvider, identityKey) });
    const invite = parseInvite(inviteLink);
    const room = await deriveRoomKeys(nobleProvider, invite.secret);
    const isRoot = await isHostKey(nobleProvider, identityKey, invite.hostKeyId);
    const state = createAdmission({ roomId: room.roomId, hostKeyId: invite.hostKeyId, self, displayName: options.name, isRoot, epoch: nextEpoch(Date.now(), null), lobbyEnabled: options.lobbyEnabled ?? true });
    const driver = new AdmissionDriver(state, {
      verifier: nobleProvider,
      sign: (statement) => identity.sign(statementSigningInput(statement)),
      persist: async () => undefined,
      now: () => Date.now(),
    });
    const client = new RelayClient({ url: options.relayUrl, WebSocket: WebSocket as unknown as RelaySocketConstructor });
    const peer = new HonestPeer(inviteLink, identityKey, driver, client, null);
    const joined = new Promise<RelayMember[]>((resolve) => {
      const off = client.on('joined', ({ members }) => {
        off();
        resolve(members.map((m) => ({ peerId: bytesToHex(m.peerId), base: m.base, oneTime: m.oneTime.length > 0 ? m.oneTime : null })));
      });
    });
    const session = new RoomSession(
      nobleProvider,
      identity,
      room,
      { join: async () => ({ peerId: '', members: await joined }), send: (to, envelope) => client.send(hexToBytes(to), envelope) },
      {
        onSession: (peerId, key) => void peer.onSession(peerId, key),
        onPayload: (peerId, payload) => void peer.onPayload(peerId, payload),
        onRejected: (_peerId, error) => {
          peer.rejected.push(error.code);
          peer.wake();
        },
      },
    );
    peer.session = session;
    client.on('message', ({ from, envelope }) => void session.receive(bytesToHex(from), envelope));
    client.on('peer-left', ({ peerId }) => void peer.onGone(bytesToHex(peerId)));
    client.connect();
    client.join(room.roomId, await session.sealedBundle(identity.publicPrekeys()));
    const members = await joined;
    const knock = encodeAdmissionMessage({ kind: 'knock', displayName: options.name });
    await Promise.all(members.map((m) => session.connect(m, { type: 'admission', body: knock })));
    return peer;
  }

  private async onSession(peerId: string, key: Uint8Array): Promise<void> {
    const peer = { id: canonicalIdentityHex(key), key };
    this.peers.set(peerId, peer);
    this.relayPeerOf.set(peer.id, peerId);
    await this.run(this.driver.dispatch({ type: 'session', peer }));
  }

  private async onPayload(peerId: string, payload: Payload): Promise<void> {
    const from = this.peers.get(peerId);
    if (!from) return;
    if (payload.type === 'admission') {
      await this.run(this.driver.receive(from, payload.body));
      return;
    }
    const effects = await this.run(this.driver.dispatch({ type: 'payload', from, payload: payload.type }));
    if (effects.some((e) => e.kind === 'accept')) this.accepted.push({ from: from.id, payload });
    this.wake();
  }

  private async onGone(peerId: string): Promise<void> {
    const peer = this.peers.get(peerId);
    this.peers.delete(peerId);
    this.session?.forget(peerId);
    if (peer) await this.run(this.driver.dispatch({ type: 'gone', id: peer.id }));
  }

  /** Carries out the machine's sends (over the ratchet, through the relay); records the rest. */
  private async run(pending: Promise<DriverEffect[]>): Promise<DriverEffect[]> {
    const effects = await pending;
    this.effects.push(...effects);
    for (const effect of effects) {
      const peerId = effect.kind === 'send' ? this.relayPeerOf.get(effect.to) : undefined;
      if (effect.kind === 'send' && peerId) await this.session!.send(peerId, { type: 'admission', body: encodeAdmissionMessage(effect.message) });
    }
    this.wake();
    return effects;
  }

  /** A host action (admit, deny, remove, lock, hand over), as the person at the keyboard asks. */
  act(action: HostAction): Promise<DriverEffect[]> {
    return this.run(this.driver.act(action));
  }

  /** Sends any payload to a person we have a session with. */
  async send(to: PersonId, payload: Payload): Promise<boolean> {
    const peerId = this.relayPeerOf.get(to);
    return peerId ? this.session!.send(peerId, payload) : false;
  }

  private wake(): void {
    this.waiters.wake();
  }

  /** Resolves with the first truthy value of `pick`, re-checked after every frame and payload. */
  waitFor<T>(pick: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    return this.waiters.waitFor('HonestPeer', pick, timeoutMs);
  }

  close(): void {
    this.client.leave();
    this.client.close();
  }
}
