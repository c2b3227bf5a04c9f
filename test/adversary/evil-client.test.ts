// The evil client against honest peers (HonestPeer: RoomSession + the §14 admission machine) over
// a real relay, in Node: it completes the handshake and knocks like any newcomer; what it sends
// beyond that, before it is admitted, is dropped with a counted reason; its replays are refused;
// its forged statements are not followed; and it can present the negation of a key.
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMeetingState, meetingState, stateDigest } from '../../protocol/admission/statement';
import { decodeAdmissionMessage } from '../../protocol/admission/messages';
import { canonicalIdentityHex } from '../../protocol/keys/identity';
import { startRelay } from '../../relay/server';
import type { RunningRelay } from '../../relay/server';
import { EvilClient } from './evil-client';
import { startEvilRelay } from './evil-relay';
import type { EvilRelay } from './evil-relay';
import { HonestPeer } from './honest-peer';
import { freshIdentity, negatedIdentity, signAsNegation } from './identity';

let relay: RunningRelay | undefined;
let evilRelay: EvilRelay | undefined;
const closers: Array<() => unknown> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await evilRelay?.close();
  await relay?.close();
  relay = evilRelay = undefined;
});

async function hostOn(url: string, name = 'Alice'): Promise<HonestPeer> {
  const host = await HonestPeer.start({ relayUrl: url, name });
  closers.push(() => host.close());
  return host;
}

async function evil(invite: string, options: Parameters<typeof EvilClient.join>[1] = {}): Promise<EvilClient> {
  const client = await EvilClient.join(invite, { admission: 'v2', relayUrl: evilRelay?.url ?? relay!.url, ...options });
  closers.push(() => client.close());
  return client;
}

const quietRelay = () => startRelay({ host: '127.0.0.1', port: 0, logger: { info: () => undefined, warn: () => undefined } });

describe('evil client (test/adversary)', () => {
  it('joins from an invite link, completes the handshake and knocks: the host sees it in its lobby and welcomes it', async () => {
    relay = await quietRelay();
    const alice = await hostOn(relay.url);
    const mallory = await evil(alice.invite, { displayName: 'Mallory' });
    await alice.waitFor(() => alice.lobby.some((e) => e.id === mallory.id));
    expect(alice.lobby).toEqual([{ id: mallory.id, removedEarlier: false }]);
    const welcome = await mallory.waitFor(() => mallory.payloads('admission')[0]);
    expect(decodeAdmissionMessage(welcome.body)).toEqual({ kind: 'welcome', displayName: 'Alice' });
  });

  it('before admission, chat, offers and a self-signed admission are dropped with their reasons; after it, chat is taken', async () => {
    relay = await quietRelay();
    const alice = await hostOn(relay.url);
    const mallory = await evil(alice.invite);
    const alicePeer = [...mallory.members.keys()][0]!;
    await alice.waitFor(() => alice.lobby.length === 1);
    // Refused by the payload decoder already (PROTOCOL.md §7.4 bounds): the session rejects it.
    await mallory.send(alicePeer, { type: 'chat', text: 'x'.repeat(60 * 1024 - 64), sentAt: 1e300 });
    await mallory.send(alicePeer, { type: 'chat', text: 'hello from the lobby', sentAt: 1 });
    await mallory.send(alicePeer, { type: 'offer', sdp: 'v=0' });
    await mallory.sendPlaintext(alicePeer, Uint8Array.of(1, 0x06, 0xff)); // an admission body of an unknown kind
    const ms = meetingState(false, [mallory.id], []);
    const forged = await mallory.signStatement({ kind: 'view', roomId: mallory.room.roomId, epoch: 1, seq: 1, issuedAt: 1, signer: mallory.identityKey, stateDigest: stateDigest(encodeMeetingState(ms)) });
    await mallory.sendAdmission(alicePeer, { kind: 'state', links: [], final: forged, state: ms });
    await alice.waitFor(() => alice.drops('not-root').length === 1 && alice.drops('malformed').length === 1);
    expect(alice.rejected).toEqual(['malformed']);
    expect(alice.drops('not-admitted').map((d) => d.from)).toEqual([mallory.id, mallory.id]);
    expect(alice.accepted).toEqual([]);
    await alice.act({ kind: 'admit', ids: [mallory.id] });
    await mallory.waitFor(() => mallory.payloads('admission').some((p) => decodeAdmissionMessage(p.body).kind === 'state'));
    await mallory.send(alicePeer, { type: 'chat', text: 'now admitted', sentAt: Date.now() });
    await alice.waitFor(() => alice.accepted.length === 1);
    expect(alice.accepted[0]).toMatchObject({ from: mallory.id, payload: { type: 'chat', text: 'now admitted' } });
  });

  it('replays its recorded handshake: the honest session refuses it', async () => {
    relay = await quietRelay();
    const alice = await hostOn(relay.url);
    const mallory = await evil(alice.invite);
    await alice.waitFor(() => alice.lobby.length === 1);
    const init = mallory.recorded.find((r) => r.direction === 'sent')!;
    mallory.replay(init);
    await alice.waitFor(() => alice.rejected.includes('replay'));
  });

  it('presents the negation of its key: one canonical identity, the same handshake, a signature under -A', async () => {
    relay = await quietRelay();
    const alice = await hostOn(relay.url);
    const { pair } = await freshIdentity();
    const minusA = await negatedIdentity(pair);
    const mallory = await evil(alice.invite, { identity: minusA });
    expect(mallory.identityKey).toEqual(ed25519.Point.fromBytes(pair.publicKey).negate().toBytes());
    expect(mallory.id).toBe(canonicalIdentityHex(pair.publicKey));
    await alice.waitFor(() => alice.lobby.some((e) => e.id === canonicalIdentityHex(pair.publicKey)));
    const message = new TextEncoder().encode('signed as -A');
    expect(ed25519.verify(signAsNegation(pair.seed, message), message, mallory.identityKey)).toBe(true);
  });

  it('with the relay holding the host\'s admission, a member\'s forged admission (an extra roster entry) is not taken', async () => {
    relay = await quietRelay();
    evilRelay = await startEvilRelay({ upstream: relay.url });
    const alice = await hostOn(evilRelay.url);
    const bob = await HonestPeer.start({ relayUrl: evilRelay.url, name: 'Bob', invite: alice.invite });
    closers.push(() => bob.close());
    await alice.waitFor(() => alice.lobby.length === 1);
    await alice.act({ kind: 'admit', ids: [bob.id] });
    await bob.waitFor(() => bob.status === 'admitted');
    // Mallory is admitted too, and becomes the member who forges.
    const mallory = await evil(alice.invite);
    await alice.waitFor(() => alice.lobby.length === 1);
    await alice.act({ kind: 'admit', ids: [mallory.id] });
    await mallory.waitFor(() => mallory.payloads('admission').some((p) => decodeAdmissionMessage(p.body).kind === 'state'));
    const dan = await HonestPeer.start({ relayUrl: evilRelay.url, name: 'Dan', invite: alice.invite });
    closers.push(() => dan.close());
    await alice.waitFor(() => alice.lobby.some((e) => e.id === dan.id));
    const danPeer = evilRelay.clients().at(-1)!.peerId!;
    const alicePeer = evilRelay.clients()[0]!.peerId!;
    evilRelay.hold({ direction: 'to-client', peer: danPeer, type: 'message', from: alicePeer });
    await alice.act({ kind: 'admit', ids: [dan.id] });
    await evilRelay.waitFor(() => evilRelay!.held().length > 0);
    // Mallory copies Alice's signed state and adds a roster entry of her own.
    const latest = decodeAdmissionMessage(mallory.payloads('admission').map((p) => p.body).filter((b) => decodeAdmissionMessage(b).kind === 'state').at(-1)!);
    if (latest.kind !== 'state') throw new Error('no state');
    const { identity: extra } = await freshIdentity(0);
    const padded = meetingState(false, [...latest.state.admitted, dan.id, canonicalIdentityHex(await extra.identityPublicKey())], latest.state.removed);
    await mallory.waitFor(() => mallory.session.hasSession(danPeer));
    await mallory.sendAdmission(danPeer, { ...latest, state: padded });
    await dan.waitFor(() => dan.drops('digest-mismatch').length === 1);
    expect(dan.status).toBe('knocking');
    evilRelay.release();
    await dan.waitFor(() => dan.status === 'admitted');
    expect(dan.state.knowledge!.latest!.state.admitted).not.toContain(canonicalIdentityHex(await extra.identityPublicKey()));
  });
});
