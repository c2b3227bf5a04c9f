// Every decoder of untrusted input, as a fuzz target: valid samples (made with the matching
// encoder, so mutations reach past the first checks), the decoder itself (imported from its
// module: a new frame field or payload type is fuzzed as soon as it exists), and the one error
// type its documentation allows. Anything else thrown, or a hang, is a finding. Used by the
// short runs in `npm test` (decoders.fuzz.test.ts) and the long campaign (`npm run fuzz`).
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeOrganisationCredential, signOrganisationStatement, signRevocationList, verifyOrganisationStatement, verifyRevocationList } from '../../protocol/organisation/statement';
import { parsePlistXml } from '../../main/policy/readers/plist-xml';
import { parseRegFile, policyFromRegistry, RegFileError } from '../../main/policy/readers/windows-registry';
import { POLICY_FIELDS, validatePolicy } from '../../main/policy/schema';
import { fromBase64Url, utf8Decode } from '../../protocol/bytes';
import { contactLink, decodeContactCard, encodeContactCard, openContactLink, signContactCard } from '../../protocol/contact/contact-card';
import { decodeRingMessage, encodeRingMessage } from '../../protocol/contact/ring-message';
import { openFromMailbox, sealToMailbox } from '../../protocol/contact/sealed-sender';
import { testIdentity } from '../../protocol/contact/test-identities';
import { nobleProvider as p } from '../../protocol/crypto/noble-provider';
import { ProtocolError } from '../../protocol/errors';
import { decodeBaseBundle, decodeOneTimePrekey, encodeBaseBundle, encodeOneTimePrekey } from '../../protocol/keys/bundle';
import { MemoryKeyOperations } from '../../protocol/keys/memory-key-operations';
import { decodeSealedBlob, openBaseBundle, sealBaseBundle } from '../../protocol/keys/sealed-bundle';
import { RatchetSession } from '../../protocol/ratchet/session';
import { deserializeState } from '../../protocol/ratchet/state';
import { decodeConsent, decodeRequest, encodeConsent, encodeRequest, signConsent } from '../../protocol/recording/consent';
import { decodeRecordingMessage, encodeRecordingMessage } from '../../protocol/recording/messages';
import { type ClientFrame, type ServerFrame, decodeClientFrame, decodeServerFrame, encodeClientFrame, encodeServerFrame } from '../../protocol/relay-wire/codec';
import { encodeInvite, encodeRelayInvite, parseInvite } from '../../protocol/room/invite';
import { deriveRoomKeys } from '../../protocol/room/room';
import { decodeHeader as decodeSframeHeader, decrypt as sframeDecrypt, encodeHeader as encodeSframeHeader, encrypt as sframeEncrypt } from '../../protocol/sframe';
import { decodeEnvelope, encodeHandshakeInitEnvelope, encodeRatchetEnvelope } from '../../protocol/wire/envelope';
import { decodeHandshakeInit, encodeHandshakeInit } from '../../protocol/wire/handshake-init';
import { decodePayload, encodePayload } from '../../protocol/wire/payload';
import { decodeHeader, decodeRatchetMessage, encodeHeader, encodeRatchetMessage } from '../../protocol/wire/ratchet-message';
import { deriveEnvelopeKey, openEnvelope, sealEnvelope } from '../../protocol/wire/sealed-envelope';
import { decodeAdmission, decodeHostStatement, encodeAdmission, encodeHostStatement, signStatement } from '../../renderer/call/engine/access-control';
import type { Rng } from './rng';

export interface FuzzTarget {
  name: string;
  /** Well-formed inputs to mutate. */
  samples: Uint8Array[];
  /** Runs the decoder; resolves or throws. A check on an accepted input may throw a finding. */
  decode(input: Uint8Array): unknown;
  /** The error the decoder documents for bad input; anything else is a finding. */
  documented(error: unknown): boolean;
  /** Extra inputs built from structure rather than bytes (e.g. JSON policies). */
  generate?(rng: Rng): Uint8Array;
  /** Authenticated input: a mutation almost never opens (only one that changed nothing). */
  authenticated?: boolean;
}

const protocolError = (error: unknown) => error instanceof ProtocolError;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** A policy value of any JSON shape, biased towards the types and bounds of POLICY_FIELDS. */
function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 6 : 8)) {
    case 0:
      return rng.int(2) === 1;
    case 1:
      return rng.pick([0, 1, -1, 7, 3650, 3651, 2 ** 53, -0, 1.5, 1e308]);
    case 2:
      return rng.pick(['', 'wss://relay.example.org/', 'ws://127.0.0.1:8443', 'disabled', 'consent-all', 'notify', '/tmp/x', 'C:\\Aufnahmen\\Jürgen', 'https://x/', '\u0000', 'x'.repeat(5000)]);
    case 3:
      return null;
    case 4:
      return latin1(rng.bytes(rng.int(40)));
    case 5:
      return rng.int(1 << 30);
    case 6:
      return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(6) }, () => [rng.int(3) ? rng.pick(POLICY_FIELDS).key : latin1(rng.bytes(4)), randomJson(rng, depth + 1)]));
  }
}

export async function createFuzzTargets(rng: Rng): Promise<FuzzTarget[]> {
  const ops = await MemoryKeyOperations.generate(p, 1);
  const { oneTimePrekeys, ...base } = ops.publicPrekeys();
  const room = await deriveRoomKeys(p, rng.bytes(32));
  const envelopeKey = await deriveEnvelopeKey(p, room);

  const header = encodeHeader({ dh: rng.bytes(32), pn: 2, n: 7 });
  const ratchetMessage = encodeRatchetMessage(header, rng.bytes(40));
  const init = encodeHandshakeInit(
    { identityKey: base.identityKey, ephemeralKey: rng.bytes(32), signedPrekeyId: 1, kemPrekeyId: 1, oneTimePrekeyId: 9, kemCiphertext: rng.bytes(1088) },
    ratchetMessage,
  );

  // A real pair of ratchets as the handshake leaves them (PROTOCOL.md §5.5): Bob decrypts what
  // arrives, mutations of Alice's real messages.
  const sharedSecret = rng.bytes(32);
  const associatedData = rng.bytes(96);
  const signedPrekey = rng.bytes(32);
  const alice = await RatchetSession.initAsInitiator(p, { sharedSecret, remoteRatchetKey: await p.x25519PublicKey(signedPrekey), associatedData });
  const first = await alice.encrypt(rng.bytes(10));
  const remoteRatchetKey = decodeRatchetMessage(first).header.dh;
  const bob = await RatchetSession.initAsResponder(p, { sharedSecret, remoteRatchetKey, prekeyDhOutput: await p.x25519(signedPrekey, remoteRatchetKey), associatedData });
  await bob.decrypt(first);
  const aliceMessages: Uint8Array[] = [];
  for (const n of [1, 2, 3]) aliceMessages.push(await alice.encrypt(rng.bytes(20 * n)));

  const payloads = [
    encodePayload({ type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }),
    encodePayload({ type: 'ice-candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } }),
    encodePayload({ type: 'chat', text: 'hallo wereld, grüß dich', sentAt: 1_700_000_000_000 }),
    encodePayload({ type: 'media-key', kid: 3n, key: rng.bytes(32) }),
    encodePayload({ type: 'admission', body: rng.bytes(80) }),
    encodePayload({ type: 'bye' }),
    encodePayload({ type: 'peer-state', audioMuted: true, videoMuted: false, screenSharing: true }),
  ];

  const clientFrames: ClientFrame[] = [
    { type: 'join', roomId: rng.bytes(32), bundle: { base: rng.bytes(60), oneTime: [rng.bytes(30), rng.bytes(30)] } },
    { type: 'publish', bundle: { base: rng.bytes(60), oneTime: [] } },
    { type: 'send', to: rng.bytes(16), envelope: rng.bytes(90) },
    { type: 'leave' },
    { type: 'listen', mailboxIds: [rng.bytes(16), rng.bytes(16)] },
    { type: 'post', mailboxId: rng.bytes(16), blob: rng.bytes(120) },
  ];
  const serverFrames: ServerFrame[] = [
    {
      type: 'joined',
      peerId: rng.bytes(16),
      members: [{ peerId: rng.bytes(16), base: rng.bytes(50), oneTime: rng.bytes(20) }],
      turn: { username: '1790000000:abc', password: 'c2VjcmV0', ttlSeconds: 21600, urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443'] },
      stunUrls: ['stun:relay.example.org:8443'],
    },
    { type: 'joined', peerId: rng.bytes(16), members: [] },
    { type: 'peer-joined', peerId: rng.bytes(16) },
    { type: 'peer-left', peerId: rng.bytes(16) },
    { type: 'message', from: rng.bytes(16), envelope: rng.bytes(70) },
    { type: 'error', code: 4 },
    { type: 'mail', mailboxId: rng.bytes(16), blob: rng.bytes(70) },
  ];

  const invite = { secret: rng.bytes(32), hostKeyId: rng.bytes(16) };
  const links = [encodeInvite(invite), encodeInvite({ ...invite, relayUrl: 'wss://relay.example.org:8443/x' }), encodeRelayInvite({ ...invite, relayUrl: 'wss://relay.example.org:8443/x' })!].map(utf8ToBytes);

  const host = await testIdentity();
  const caller = await testIdentity();
  const callee = await testIdentity();
  const card = await signContactCard(
    { displayName: 'Jürgen Groß', identityKey: caller.identityKey, mailboxId: rng.bytes(16), relayUrl: 'wss://relay.example.org/parley', issuedAt: 1_790_000_000_123 },
    caller.sign,
  );
  const cardBytes = encodeContactCard(card);
  const callId = rng.bytes(16);
  const rings = [
    encodeRingMessage({ kind: 'ring', callId, sentAt: 1_790_000_000_000, expiresAt: 1_790_000_030_000, inviteLink: encodeInvite(invite), callerCard: cardBytes, teamName: 'Team Süd' }),
    encodeRingMessage({ kind: 'answer', callId, sentAt: 1_790_000_001_000, outcome: 'declined' }),
    encodeRingMessage({ kind: 'cancel', callId, sentAt: 1_790_000_002_000 }),
  ];
  const mailbox = rng.bytes(16);
  const sealedRing = await sealToMailbox(p, { identityKey: caller.identityKey, sign: caller.sign }, callee.identityKey, mailbox, rings[0]!);

  const recordingId = rng.bytes(16);
  const request = { recordingId, roomId: room.roomId, recorder: host.identityKey, requestedAt: 1_790_000_000_000, retentionDays: 30, mode: 'consent-all' as const };
  const consent = await signConsent((s) => host.sign('recording-consent', s), { recordingId, roomId: room.roomId, recorder: host.identityKey, consenter: callee.identityKey, consentedAt: 1_790_000_000_500, retentionDays: 30, mode: 'consent-all' });
  const statement = await signStatement((s) => host.sign('admission', s), { kind: 'admit', roomId: room.roomId, issuedAt: 1_790_000_000_000, subject: callee.identityKey });
  const admissions = [
    encodeAdmission({ kind: 'knock', displayName: 'Ada Lovelace' }),
    encodeAdmission({ kind: 'welcome', isHost: true, displayName: 'Grace' }),
    encodeAdmission({ kind: 'admit', signed: statement, roster: [host.identityKey, callee.identityKey] }),
    encodeAdmission({ kind: 'proof', signed: statement }),
    encodeAdmission({ kind: 'deny', reason: 'locked' }),
  ];
  const orgSecret = rng.bytes(32);
  const orgKey = ed25519.getPublicKey(orgSecret);
  const credential = signOrganisationStatement(orgSecret, { organisationName: 'Beispiel GmbH', employeeName: 'Jürgen Müller', identityKey: callee.identityKey, issuedAt: 1_790_000_000_000, expiresAt: 1_800_000_000_000 });
  admissions.push(encodeAdmission({ kind: 'organisation', credential }));
  const revocations = signRevocationList(orgSecret, { issuedAt: 1_790_000_000_000, revocations: [{ identityKey: host.identityKey, revokedAt: 1_790_000_000_000 }] });
  /** The verdict never throws: a statement it does not verify is the documented refusal here. */
  const verifiedOrRefused = (b: Uint8Array) => {
    const verdict = verifyOrganisationStatement({ credential: b, trusted: [{ name: 'Beispiel', publicKey: orgKey, revocations: [] }], identityKey: callee.identityKey, displayName: 'Jürgen Müller', now: 1_795_000_000_000 });
    if (verdict.status !== 'verified') throw new ProtocolError('authentication-failed', verdict.status);
    return verdict;
  };

  const frameKey = new Uint8Array(16).fill(9);
  const frameMetadata = Uint8Array.of(1, 2, 3);
  const sframeFrames = [1, 2, 3, 4, 5].map((suite) => sframeEncrypt({ suite, baseKey: frameKey, kid: 300n, ctr: 70_000n, metadata: frameMetadata, plaintext: rng.bytes(24) }));

  const policyExample = utf8ToBytes(JSON.stringify({ relayUrl: 'wss://relay.example.eu/', allowedRelays: ['wss://relay.example.eu/'], recordingMode: 'consent-all', retentionDays: 30, requireLobby: true, recordingFolder: '/srv/aufnahmen/jürgen' }));
  const plistExample = utf8ToBytes(
    '<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>relayUrl</key><string>wss://relay.example.eu/?a&amp;b</string><key>allowedRelays</key><array><string>wss://relay.example.eu/</string></array><key>retentionDays</key><integer>14</integer><key>requireLobby</key><true/></dict></plist>',
  );
  const regExample = Uint8Array.of(
    0xff,
    0xfe,
    ...new Uint8Array(
      new Uint16Array(
        [...'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Parley]\r\n"relayUrl"="wss://relais.example.eu/räume"\r\n"retentionDays"=dword:0000001e\r\n"allowedRelays"=hex(7):61,00,00,00,00,00\r\n\r\n'].map((c) => c.charCodeAt(0)),
      ).buffer,
    ),
  );

  const targets: FuzzTarget[] = [
    { name: 'relay client frame', samples: clientFrames.map(encodeClientFrame), decode: decodeClientFrame, documented: protocolError },
    { name: 'relay server frame', samples: serverFrames.map(encodeServerFrame), decode: decodeServerFrame, documented: protocolError },
    { name: 'envelope', samples: [encodeRatchetEnvelope(ratchetMessage), encodeHandshakeInitEnvelope(init)], decode: decodeEnvelope, documented: protocolError },
    {
      name: 'sealed envelope',
      samples: [await sealEnvelope(p, envelopeKey, room, encodeRatchetEnvelope(ratchetMessage))],
      decode: (b) => openEnvelope(p, envelopeKey, room, b),
      documented: protocolError, authenticated: true,
    },
    { name: 'handshake init', samples: [init], decode: decodeHandshakeInit, documented: protocolError },
    { name: 'ratchet message', samples: [ratchetMessage], decode: decodeRatchetMessage, documented: protocolError },
    { name: 'ratchet header', samples: [header], decode: decodeHeader, documented: protocolError },
    { name: 'ratchet decrypt', samples: aliceMessages, decode: (b) => bob.decrypt(b), documented: protocolError, authenticated: true },
    { name: 'ratchet state', samples: [await alice.serialize()], decode: deserializeState, documented: protocolError },
    { name: 'ratchet session restore', samples: [await alice.serialize()], decode: (b) => RatchetSession.restore(p, b), documented: protocolError },
    { name: 'payload', samples: payloads, decode: decodePayload, documented: protocolError },
    { name: 'base bundle', samples: [encodeBaseBundle(base)], decode: decodeBaseBundle, documented: protocolError },
    { name: 'one-time prekey', samples: [encodeOneTimePrekey(oneTimePrekeys[0]!)], decode: decodeOneTimePrekey, documented: protocolError },
    { name: 'sealed bundle blob', samples: [await sealBaseBundle(p, room, base)], decode: decodeSealedBlob, documented: protocolError },
    { name: 'sealed bundle open', samples: [await sealBaseBundle(p, room, base)], decode: (b) => openBaseBundle(p, room, b), documented: protocolError, authenticated: true },
    { name: 'access-control admission', samples: admissions, decode: decodeAdmission, documented: protocolError },
    { name: 'organisation statement', samples: [credential], decode: decodeOrganisationCredential, documented: protocolError },
    { name: 'organisation verdict', samples: [credential], decode: verifiedOrRefused, documented: protocolError, authenticated: true },
    { name: 'organisation revocation list', samples: [revocations], decode: (b) => verifyRevocationList(orgKey, b), documented: protocolError, authenticated: true },
    { name: 'access-control statement', samples: [encodeHostStatement(statement)], decode: decodeHostStatement, documented: protocolError },
    { name: 'recording message', samples: [encodeRecordingMessage({ kind: 'request', request }), encodeRecordingMessage({ kind: 'consent', consent }), encodeRecordingMessage({ kind: 'status', recordingId, status: 'paused' })], decode: decodeRecordingMessage, documented: protocolError },
    { name: 'recording request', samples: [encodeRequest(request)], decode: decodeRequest, documented: protocolError },
    { name: 'recording consent', samples: [encodeConsent(consent)], decode: decodeConsent, documented: protocolError },
    { name: 'invite', samples: links, decode: (b) => parseInvite(latin1(b)), documented: protocolError },
    { name: 'contact card', samples: [cardBytes], decode: decodeContactCard, documented: protocolError },
    { name: 'contact link', samples: [utf8ToBytes(contactLink(card))], decode: (b) => openContactLink(p, latin1(b)), documented: protocolError, authenticated: true },
    { name: 'ring message', samples: rings, decode: decodeRingMessage, documented: protocolError },
    {
      name: 'sealed-sender mailbox post',
      samples: [sealedRing],
      decode: (b) => openFromMailbox(p, callee.identityKey, (remote) => callee.ops.dhIdentity(remote), mailbox, b),
      documented: protocolError, authenticated: true,
    },
    {
      name: 'SFrame header',
      samples: [encodeSframeHeader(300n, 70_000n), encodeSframeHeader(0n, 0n), encodeSframeHeader(2n ** 63n, 2n ** 40n)],
      decode: (b) => {
        const { kid, ctr, length } = decodeSframeHeader(b);
        // Canonical: whatever decodes re-encodes to exactly the bytes it was read from.
        if (bytesToHex(encodeSframeHeader(kid, ctr)) !== bytesToHex(b.subarray(0, length))) throw new Error(`non-canonical SFrame header ${bytesToHex(b)}`);
      },
      documented: protocolError,
    },
    {
      name: 'SFrame frame',
      samples: sframeFrames,
      decode: (b) => {
        for (let suite = 1; suite <= 5; suite++) {
          try {
            return sframeDecrypt({ suite, baseKey: frameKey, metadata: frameMetadata, frame: b });
          } catch (error) {
            if (!protocolError(error) || suite === 5) throw error;
          }
        }
      },
      documented: protocolError, authenticated: true,
    },
    { name: 'base64url', samples: [utf8ToBytes('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8')], decode: (b) => fromBase64Url(latin1(b)), documented: protocolError },
    { name: 'utf-8', samples: payloads, decode: utf8Decode, documented: protocolError },
    {
      // The JSON policy file: only JSON.parse may refuse it (the reader reports "not valid JSON");
      // validation of whatever parses never throws, it reports errors and keeps safe values.
      name: 'policy file (JSON)',
      samples: [policyExample],
      decode: (b) => {
        let raw: unknown;
        try {
          raw = JSON.parse(text(b));
        } catch (error) {
          if (error instanceof SyntaxError) return;
          throw error;
        }
        validatePolicy(raw);
      },
      documented: () => false,
      generate: (rng) => utf8ToBytes(JSON.stringify(randomJson(rng))),
    },
    {
      name: 'policy file (macOS plist)',
      samples: [plistExample],
      decode: (b) => validatePolicy(parsePlistXml(text(b))),
      documented: (error) => error instanceof Error && error.name === 'PlistError',
    },
    {
      name: 'policy file (Windows registry export)',
      samples: [regExample],
      decode: (b) => validatePolicy(policyFromRegistry(parseRegFile(b, 'HKLM\\Software\\Policies\\Parley'))),
      documented: (error) => error instanceof RegFileError,
    },
  ];
  return targets;
}
