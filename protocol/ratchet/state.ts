// Double Ratchet state (PROTOCOL.md §6.1; Double Ratchet spec §3.2) and its versioned serialised
// form (§6.6), so a session survives a reconnect or an app restart. The serialised state holds
// secrets: store it as carefully as the keys themselves.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';

/** Largest number of message keys skipped in one chain (spec §3.2 MAX_SKIP). */
export const MAX_SKIP = 1000;
/** Bound on stored skipped message keys across chains; the oldest are evicted first. */
export const MAX_STORED_SKIPPED_KEYS = 2000;
/** Remote ratchet keys remembered after their chain ends, to report replays from old chains. */
export const MAX_PREVIOUS_REMOTE_KEYS = 32;
export const MAX_ASSOCIATED_DATA_LENGTH = 1024;
export const STATE_VERSION = 1;

export interface DhKeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * Spec §3.2 names: DHs, DHr, RK, CKs, CKr, Ns, Nr, PN, MKSKIPPED; plus AD (the X3DH associated
 * data every message binds) and the recently ended remote chains (replay detection).
 * Byte arrays in a state are never mutated in place, so copies may share them.
 */
export interface RatchetState {
  dhs: DhKeyPair;
  dhr: Uint8Array | undefined;
  rk: Uint8Array;
  cks: Uint8Array | undefined;
  ckr: Uint8Array | undefined;
  ns: number;
  nr: number;
  pn: number;
  ad: Uint8Array;
  /** MKSKIPPED: skippedKeyId(dh, n) -> message key, oldest first (Map keeps insertion order). */
  skipped: Map<string, Uint8Array>;
  /** Hex of remote ratchet keys whose receiving chain has ended, oldest first. */
  previousRemoteKeys: string[];
}

export function skippedKeyId(dh: Uint8Array, n: number): string {
  return `${bytesToHex(dh)}:${n}`;
}

/** A copy whose changes never reach the original (the session commits a copy only on success). */
export function copyState(state: RatchetState): RatchetState {
  return { ...state, dhs: { ...state.dhs }, skipped: new Map(state.skipped), previousRemoteKeys: [...state.previousRemoteKeys] };
}

const FLAG_DHR = 1;
const FLAG_CKS = 2;
const FLAG_CKR = 4;

export function serializeState(state: RatchetState): Uint8Array {
  const flags = (state.dhr ? FLAG_DHR : 0) | (state.cks ? FLAG_CKS : 0) | (state.ckr ? FLAG_CKR : 0);
  const w = new ByteWriter().u8(STATE_VERSION).u8(flags).fixed(state.dhs.privateKey, 32, 'DHs private').fixed(state.dhs.publicKey, 32, 'DHs public');
  if (state.dhr) w.fixed(state.dhr, 32, 'DHr');
  w.fixed(state.rk, 32, 'RK');
  if (state.cks) w.fixed(state.cks, 32, 'CKs');
  if (state.ckr) w.fixed(state.ckr, 32, 'CKr');
  w.u32(state.ns).u32(state.nr).u32(state.pn).vec16(state.ad);
  w.u8(state.previousRemoteKeys.length);
  for (const key of state.previousRemoteKeys) w.fixed(hexToBytes(key), 32, 'previous remote key');
  w.u16(state.skipped.size);
  for (const [id, mk] of state.skipped) {
    const [dh = '', n = ''] = id.split(':');
    w.fixed(hexToBytes(dh), 32, 'skipped key dh').u32(Number(n)).fixed(mk, 32, 'skipped message key');
  }
  return w.finish();
}

export function deserializeState(bytes: Uint8Array): RatchetState {
  const r = new ByteReader(bytes, 'ratchet state');
  const version = r.u8('version');
  if (version !== STATE_VERSION) throw new ProtocolError('unsupported-version', `Ratchet state version ${version} is not supported`);
  const flags = r.u8('flags');
  if (flags > 7) throw new ProtocolError('malformed', `ratchet state: unknown flags ${flags}`);
  const dhs = { privateKey: r.fixed(32, 'DHs private'), publicKey: r.fixed(32, 'DHs public') };
  const dhr = flags & FLAG_DHR ? r.fixed(32, 'DHr') : undefined;
  const rk = r.fixed(32, 'RK');
  const cks = flags & FLAG_CKS ? r.fixed(32, 'CKs') : undefined;
  const ckr = flags & FLAG_CKR ? r.fixed(32, 'CKr') : undefined;
  const ns = r.u32('Ns');
  const nr = r.u32('Nr');
  const pn = r.u32('PN');
  const ad = r.vec16('AD', MAX_ASSOCIATED_DATA_LENGTH);
  const previousCount = r.u8('previous remote key count');
  if (previousCount > MAX_PREVIOUS_REMOTE_KEYS) throw new ProtocolError('malformed', `ratchet state: ${previousCount} previous remote keys`);
  const previousRemoteKeys: string[] = [];
  for (let i = 0; i < previousCount; i++) previousRemoteKeys.push(bytesToHex(r.fixed(32, 'previous remote key')));
  const skippedCount = r.u16('skipped key count');
  if (skippedCount > MAX_STORED_SKIPPED_KEYS) throw new ProtocolError('malformed', `ratchet state: ${skippedCount} skipped keys`);
  const skipped = new Map<string, Uint8Array>();
  for (let i = 0; i < skippedCount; i++) {
    const dh = r.fixed(32, 'skipped key dh');
    const n = r.u32('skipped key n');
    skipped.set(skippedKeyId(dh, n), r.fixed(32, 'skipped message key'));
  }
  r.end();
  return { dhs, dhr, rk, cks, ckr, ns, nr, pn, ad, skipped, previousRemoteKeys };
}
