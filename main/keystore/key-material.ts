// The private key material the keystore holds, how it is generated, and its stored form
// (JSON with base64 fields, inside the vault-encrypted keystore file). Generation uses
// protocol/keys/prekeys.ts so the signatures match what bundle verification expects. Parsing is strict:
// anything unexpected is "corrupt", never silently repaired.
import type { CryptoProvider } from '../../protocol/crypto/provider';
import { generateOneTimePrekeys, generateKemPrekey as generateKemPrekeyPair, generateSignedPrekey as generateSignedPrekeyPair } from '../../protocol/keys/prekeys';
import type { PrekeySigner } from '../../protocol/keys/prekeys';


export const ONE_TIME_PREKEY_TARGET = 100;
export const ONE_TIME_PREKEY_REFILL_BELOW = 20;
export const SIGNED_PREKEY_ROTATION_MS = 7 * 24 * 3600 * 1000;
/** How long a replaced signed (or KEM) prekey still answers handshakes started before rotation. */
export const SIGNED_PREKEY_GRACE_MS = 14 * 24 * 3600 * 1000;
/**
 * Inits remembered (PROTOCOL.md §5.5): each is kept while its signed prekey answers inits, so a
 * recorded init cannot open a second session. A member accepts one init per newcomer per meeting;
 * 2,048 covers ~100 a day over the three weeks a signed prekey lives. Beyond that the oldest are
 * forgotten (an init that old could then be replayed once more).
 */
export const MAX_ACCEPTED_INITS = 2048;

export interface SignedPrekey {
  id: number;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  signature: Uint8Array;
  createdAt: number;
  /** When a newer one replaced it; null for the current one. */
  replacedAt: number | null;
}

export interface OneTimePrekey {
  id: number;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

export interface KemPrekey {
  id: number;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  signature: Uint8Array;
  createdAt: number;
  replacedAt: number | null;
}

/** An init that authenticated: refused if it comes again. */
export interface AcceptedInitRecord {
  signedPrekeyId: number;
  ephemeralKey: Uint8Array;
}

export interface KeyMaterial {
  version: 1;
  createdAt: number;
  identitySeed: Uint8Array;
  identityPublicKey: Uint8Array;
  signedPrekeys: SignedPrekey[];
  oneTimePrekeys: OneTimePrekey[];
  kemPrekeys: KemPrekey[];
  /** Ids are never reused, so a consumed one-time prekey id can never come back. */
  nextOneTimePrekeyId: number;
  nextSignedPrekeyId: number;
  nextKemPrekeyId: number;
  /** Oldest first; at most MAX_ACCEPTED_INITS. */
  acceptedInits: AcceptedInitRecord[];
}

function signerFor(crypto: CryptoProvider, identitySeed: Uint8Array): PrekeySigner {
  return { sign: (message) => crypto.ed25519Sign(identitySeed, message) };
}

export async function generateSignedPrekey(crypto: CryptoProvider, identitySeed: Uint8Array, id: number, now: number): Promise<SignedPrekey> {
  const pair = await generateSignedPrekeyPair(crypto, signerFor(crypto, identitySeed), id);
  return { ...pair, createdAt: now, replacedAt: null };
}

export async function generateKemPrekey(crypto: CryptoProvider, identitySeed: Uint8Array, id: number, now: number): Promise<KemPrekey> {
  const pair = await generateKemPrekeyPair(crypto, signerFor(crypto, identitySeed), id);
  return { ...pair, createdAt: now, replacedAt: null };
}

export async function generateKeyMaterial(crypto: CryptoProvider, now: number): Promise<KeyMaterial> {
  const identitySeed = crypto.randomBytes(32);
  return {
    version: 1,
    createdAt: now,
    identitySeed,
    identityPublicKey: await crypto.ed25519PublicKey(identitySeed),
    signedPrekeys: [await generateSignedPrekey(crypto, identitySeed, 1, now)],
    oneTimePrekeys: await generateOneTimePrekeys(crypto, 1, ONE_TIME_PREKEY_TARGET),
    kemPrekeys: [await generateKemPrekey(crypto, identitySeed, 1, now)],
    nextOneTimePrekeyId: ONE_TIME_PREKEY_TARGET + 1,
    nextSignedPrekeyId: 2,
    nextKemPrekeyId: 2,
    acceptedInits: [],
  };
}

// ---- stored form ----

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function keyMaterialToJson(m: KeyMaterial): unknown {
  const signed = (k: SignedPrekey) => ({ ...k, privateKey: b64(k.privateKey), publicKey: b64(k.publicKey), signature: b64(k.signature) });
  return {
    version: m.version,
    createdAt: m.createdAt,
    identitySeed: b64(m.identitySeed),
    identityPublicKey: b64(m.identityPublicKey),
    signedPrekeys: m.signedPrekeys.map(signed),
    oneTimePrekeys: m.oneTimePrekeys.map((k) => ({ id: k.id, privateKey: b64(k.privateKey), publicKey: b64(k.publicKey) })),
    kemPrekeys: m.kemPrekeys.map((k) => ({ ...k, secretKey: b64(k.secretKey), publicKey: b64(k.publicKey), signature: b64(k.signature) })),
    nextOneTimePrekeyId: m.nextOneTimePrekeyId,
    nextSignedPrekeyId: m.nextSignedPrekeyId,
    nextKemPrekeyId: m.nextKemPrekeyId,
    acceptedInits: m.acceptedInits.map((a) => ({ signedPrekeyId: a.signedPrekeyId, ephemeralKey: b64(a.ephemeralKey) })),
  };
}

export class KeyMaterialFormatError extends Error {
  constructor(message: string) {
    super(`Keystore contents are invalid: ${message}`);
    this.name = 'KeyMaterialFormatError';
  }
}

type Obj = Record<string, unknown>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new KeyMaterialFormatError(`${what} is not an object`);
  return value as Obj;
}
function int(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new KeyMaterialFormatError(`${key} is not a non-negative integer`);
  return v;
}
function nullableInt(o: Obj, key: string): number | null {
  return o[key] === null ? null : int(o, key);
}
function bytes(o: Obj, key: string, length: number): Uint8Array {
  const v = o[key];
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new KeyMaterialFormatError(`${key} is not base64`);
  const out = new Uint8Array(Buffer.from(v, 'base64'));
  if (out.length !== length) throw new KeyMaterialFormatError(`${key} has ${out.length} bytes, expected ${length}`);
  return out;
}
function list(o: Obj, key: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new KeyMaterialFormatError(`${key} is not a list`);
  return v;
}

const ML_KEM_768_PUBLIC = 1184;
const ML_KEM_768_SECRET = 2400;

export function keyMaterialFromJson(value: unknown): KeyMaterial {
  const o = obj(value, 'keystore');
  if (o.version !== 1) throw new KeyMaterialFormatError('unknown version');
  const material: KeyMaterial = {
    version: 1,
    createdAt: int(o, 'createdAt'),
    identitySeed: bytes(o, 'identitySeed', 32),
    identityPublicKey: bytes(o, 'identityPublicKey', 32),
    signedPrekeys: list(o, 'signedPrekeys').map((v) => {
      const k = obj(v, 'signed prekey');
      return {
        id: int(k, 'id'), privateKey: bytes(k, 'privateKey', 32), publicKey: bytes(k, 'publicKey', 32),
        signature: bytes(k, 'signature', 64), createdAt: int(k, 'createdAt'), replacedAt: nullableInt(k, 'replacedAt'),
      };
    }),
    oneTimePrekeys: list(o, 'oneTimePrekeys').map((v) => {
      const k = obj(v, 'one-time prekey');
      return { id: int(k, 'id'), privateKey: bytes(k, 'privateKey', 32), publicKey: bytes(k, 'publicKey', 32) };
    }),
    kemPrekeys: list(o, 'kemPrekeys').map((v) => {
      const k = obj(v, 'KEM prekey');
      return {
        id: int(k, 'id'), secretKey: bytes(k, 'secretKey', ML_KEM_768_SECRET), publicKey: bytes(k, 'publicKey', ML_KEM_768_PUBLIC),
        signature: bytes(k, 'signature', 64), createdAt: int(k, 'createdAt'), replacedAt: nullableInt(k, 'replacedAt'),
      };
    }),
    nextOneTimePrekeyId: int(o, 'nextOneTimePrekeyId'),
    nextSignedPrekeyId: int(o, 'nextSignedPrekeyId'),
    nextKemPrekeyId: int(o, 'nextKemPrekeyId'),
    // Keystores written before 2026-12-04 hold none.
    acceptedInits: (o.acceptedInits === undefined ? [] : list(o, 'acceptedInits')).map((v) => {
      const a = obj(v, 'accepted init');
      return { signedPrekeyId: int(a, 'signedPrekeyId'), ephemeralKey: bytes(a, 'ephemeralKey', 32) };
    }),
  };
  if (!material.signedPrekeys.some((k) => k.replacedAt === null)) throw new KeyMaterialFormatError('no current signed prekey');
  if (!material.kemPrekeys.some((k) => k.replacedAt === null)) throw new KeyMaterialFormatError('no current KEM prekey');
  if (material.oneTimePrekeys.some((k) => k.id >= material.nextOneTimePrekeyId)) throw new KeyMaterialFormatError('one-time prekey id counter is behind');
  if (material.acceptedInits.length > MAX_ACCEPTED_INITS) throw new KeyMaterialFormatError('too many accepted inits');
  return material;
}
