// Fuzzes every decoder of untrusted input in protocol/ with random and mutated inputs: the only
// acceptable failure is ProtocolError (PROTOCOL.md §1), never another exception or a hang.
// A seeded generator keeps failures reproducible; the seed and counts are printed on failure.
import { describe, expect, it } from 'vitest';
import { fromBase64Url, utf8Decode } from '../bytes';
import { nobleProvider as p } from '../crypto/noble-provider';
import { ProtocolError } from '../errors';
import { decodeBaseBundle, decodeOneTimePrekey, encodeBaseBundle, encodeOneTimePrekey } from '../keys/bundle';
import { MemoryKeyOperations } from '../keys/memory-key-operations';
import { decodeSealedBlob, sealBaseBundle } from '../keys/sealed-bundle';
import { RatchetSession } from '../ratchet/session';
import { deserializeState } from '../ratchet/state';
import { encodeInvite, encodeRelayInvite, parseInvite } from '../room/invite';
import { deriveRoomKeys } from '../room/room';
import { decodeEnvelope, encodeHandshakeInitEnvelope, encodeRatchetEnvelope } from './envelope';
import { decodeHandshakeInit, encodeHandshakeInit } from './handshake-init';
import { decodePayload, encodePayload } from './payload';
import { deriveEnvelopeKey, openEnvelope, sealEnvelope } from './sealed-envelope';
import { decodeHeader, decodeRatchetMessage, encodeHeader, encodeRatchetMessage } from './ratchet-message';

const SEED = 0x5eed_2026;
const CASES_PER_DECODER = 10_000; // half random, half mutated; 13 byte decoders + invites: 140k

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  return { int, bytes };
}

type Rng = ReturnType<typeof prng>;
const INTERESTING = [0, 1, 0x7f, 0x80, 0xfe, 0xff];

function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let out = input.slice();
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = out.length === 0 ? 0 : rng.int(out.length);
    switch (rng.int(7)) {
      case 0: // flip a bit
        if (out.length) out[at]! ^= 1 << rng.int(8);
        break;
      case 1: // interesting byte (lengths, flags, versions)
        if (out.length) out[at] = INTERESTING[rng.int(INTERESTING.length)]!;
        break;
      case 2: // truncate
        out = out.slice(0, rng.int(out.length + 1));
        break;
      case 3: // append garbage
        out = new Uint8Array([...out, ...rng.bytes(1 + rng.int(64))]);
        break;
      case 4: // delete a byte
        out = new Uint8Array([...out.slice(0, at), ...out.slice(at + 1)]);
        break;
      case 5: // insert a byte
        out = new Uint8Array([...out.slice(0, at), rng.int(256), ...out.slice(at)]);
        break;
      default: // overwrite a big-endian u16/u32 with an extreme value
        for (let k = 0; k < 4 && at + k < out.length; k++) out[at + k] = rng.int(2) ? 0xff : 0x00;
    }
  }
  return out;
}

const accepted = new Map<string, number>();

/**
 * Runs `decode` on CASES_PER_DECODER inputs; returns the inputs that threw something other than
 * ProtocolError, and counts the accepted ones (mutants must reach past the first checks).
 */
async function fuzz(name: string, samples: Uint8Array[], decode: (b: Uint8Array) => unknown, rng: Rng): Promise<string[]> {
  const failures: string[] = [];
  accepted.set(name, 0);
  const maxLength = Math.max(...samples.map((s) => s.length)) + 64;
  for (let i = 0; i < CASES_PER_DECODER; i++) {
    const input = i % 2 === 0 ? rng.bytes(rng.int(i % 10 === 0 ? maxLength : 64)) : mutate(rng, samples[rng.int(samples.length)]!);
    try {
      await decode(input);
      accepted.set(name, accepted.get(name)! + 1);
    } catch (error) {
      if (!(error instanceof ProtocolError)) failures.push(`${name}: ${String(error)} for ${Buffer.from(input).toString('hex').slice(0, 200)}`);
    }
  }
  return failures;
}

describe('decoders under fuzzing (only ProtocolError)', () => {
  it(`${CASES_PER_DECODER} random and mutated inputs per decoder`, async () => {
    const rng = prng(SEED);
    const ops = await MemoryKeyOperations.generate(p, 1);
    const { oneTimePrekeys, ...base } = ops.publicPrekeys();
    const room = await deriveRoomKeys(p, rng.bytes(32));

    const header = encodeHeader({ dh: rng.bytes(32), pn: 2, n: 7 });
    const ratchetMessage = encodeRatchetMessage(header, rng.bytes(40));
    const init = encodeHandshakeInit(
      { identityKey: base.identityKey, ephemeralKey: rng.bytes(32), signedPrekeyId: 1, kemPrekeyId: 1, oneTimePrekeyId: 9, kemCiphertext: rng.bytes(1088) },
      ratchetMessage,
    );
    const alice = await RatchetSession.initAsInitiator(p, { sharedSecret: rng.bytes(32), remoteRatchetKey: oneTimePrekeys[0]!.publicKey, associatedData: rng.bytes(96) });
    const payloads = [
      encodePayload({ type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }),
      encodePayload({ type: 'ice-candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } }),
      encodePayload({ type: 'chat', text: 'hallo wereld', sentAt: 1_700_000_000_000 }),
      encodePayload({ type: 'media-key', kid: 3n, key: rng.bytes(32) }),
      encodePayload({ type: 'admission', body: rng.bytes(80) }),
      encodePayload({ type: 'bye' }),
      encodePayload({ type: 'peer-state', audioMuted: true, videoMuted: false, screenSharing: true }),
    ];

    const failures = [
      ...await fuzz('envelope', [encodeRatchetEnvelope(ratchetMessage), encodeHandshakeInitEnvelope(init)], decodeEnvelope, rng),
      ...await fuzz('handshake init', [init], decodeHandshakeInit, rng),
      ...await fuzz('ratchet message', [ratchetMessage], decodeRatchetMessage, rng),
      ...await fuzz('ratchet header', [header], decodeHeader, rng),
      ...await fuzz('payload', payloads, decodePayload, rng),
      ...await fuzz('base bundle', [encodeBaseBundle(base)], decodeBaseBundle, rng),
      ...await fuzz('one-time prekey', [encodeOneTimePrekey(oneTimePrekeys[0]!)], decodeOneTimePrekey, rng),
      ...await fuzz('sealed blob', [await sealBaseBundle(p, room, base)], decodeSealedBlob, rng),
      ...await fuzz('ratchet state', [await alice.serialize()], deserializeState, rng),
      ...await fuzz('session restore', [await alice.serialize()], (b) => RatchetSession.restore(p, b), rng),
      ...await fuzz('base64url', [new TextEncoder().encode('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8')], (b) => fromBase64Url(String.fromCharCode(...b)), rng),
      ...await fuzz('utf-8', payloads, utf8Decode, rng),
    ];

    const envelopeKey = await deriveEnvelopeKey(p, room);
    const sealed = await sealEnvelope(p, envelopeKey, room, encodeRatchetEnvelope(ratchetMessage));
    failures.push(...await fuzz('sealed envelope', [sealed], (b) => openEnvelope(p, envelopeKey, room, b), rng));

    const invite = { secret: rng.bytes(32), hostKeyId: rng.bytes(16) };
    const links = [encodeInvite(invite), encodeInvite({ ...invite, relayUrl: 'wss://relay.example.org:8443/x' }), encodeRelayInvite({ ...invite, relayUrl: 'wss://relay.example.org:8443/x' })!].map((l) => new TextEncoder().encode(l));
    failures.push(...await fuzz('invite', links, (b) => parseInvite(String.fromCharCode(...b)), rng));

    expect(failures.slice(0, 5), `seed ${SEED}`).toEqual([]);
    for (const [name, count] of accepted) expect(count, `${name} accepted no input at all`).toBeGreaterThan(0);
  }, 30_000);
});
