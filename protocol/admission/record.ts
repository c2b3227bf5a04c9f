// The record a participant keeps of a meeting (PROTOCOL.md §14.9): enough to take up the meeting
// again after the app restarts, as the host (removals stay removals) or as a member (its proof).
// It holds evidence, not conclusions: the newest state message with its signatures, which
// restoring checks again like any message received, plus the host's own lobby settings.
//
//   record = version u8 (1) || roomId [32] || hostKeyId [16] || own identity key [32]
//            || flags u8 (1 lobby on, 2 we are the invite's host) || epoch u64
//            || u8 n || n x id [32] (admitted without the lobby) || u16 len || display name (UTF-8)
//            || u32 len || state message (§14.5 kind 18; empty while the root made no statement)
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, utf8Decode } from '../bytes';
import { ProtocolError } from '../errors';
import { HOST_KEY_ID_LENGTH } from '../room/host-key-id';
import { MAX_DISPLAY_NAME_LENGTH, decodeAdmissionMessage, encodeAdmissionMessage } from './messages';
import type { StateMessage } from './messages';
import type { AdmissionState } from './machine';
import { MAX_ADMITTED, idBytes } from './statement';
import type { PersonId } from './statement';

export const RECORD_VERSION = 1;
const MAX_STATE_MESSAGE = 64 * 1024;

export interface AdmissionRecord {
  roomId: Uint8Array;
  hostKeyId: Uint8Array;
  selfKey: Uint8Array;
  displayName: string;
  isRoot: boolean;
  lobbyEnabled: boolean;
  epoch: number;
  bypass: PersonId[];
  latest: StateMessage | null;
}

const malformed = (what: string) => new ProtocolError('malformed', `admission record: ${what}`);

export function encodeAdmissionRecord(state: AdmissionState): Uint8Array {
  const k = state.knowledge;
  if (!k) throw new ProtocolError('invalid-state', 'admission record: nothing known about the meeting yet');
  const name = utf8ToBytes(state.self.displayName);
  const epoch = k.epoch;
  const w = new ByteWriter()
    .u8(RECORD_VERSION)
    .fixed(state.roomId, 32, 'room id')
    .fixed(state.hostKeyId, HOST_KEY_ID_LENGTH, 'host key id')
    .fixed(state.self.key, 32, 'identity key')
    .u8((state.lobbyEnabled ? 1 : 0) | (state.self.isRoot ? 2 : 0))
    .u32(Math.floor(epoch / 2 ** 32))
    .u32(epoch % 2 ** 32);
  const bypass = state.bypass.slice(0, MAX_ADMITTED);
  w.u8(bypass.length);
  for (const id of bypass) w.fixed(idBytes(id), 32, 'bypass id');
  w.vec16(name);
  return w.vec32(k.latest ? encodeAdmissionMessage(k.latest) : new Uint8Array()).finish();
}

export function decodeAdmissionRecord(bytes: Uint8Array): AdmissionRecord {
  const r = new ByteReader(bytes, 'admission record');
  const version = r.u8('version');
  if (version !== RECORD_VERSION) throw new ProtocolError('unsupported-version', `admission record version ${version}`);
  const roomId = r.fixed(32, 'room id');
  const hostKeyId = r.fixed(HOST_KEY_ID_LENGTH, 'host key id');
  const selfKey = r.fixed(32, 'identity key');
  const flags = r.u8('flags');
  if (flags > 3) throw malformed('unknown flags');
  const high = r.u32('epoch (high)');
  if (high > 0x1fffff) throw malformed('epoch is larger than 2^53 - 1');
  const epoch = high * 2 ** 32 + r.u32('epoch (low)');
  const n = r.u8('bypass count');
  if (n > MAX_ADMITTED) throw malformed('too many bypass ids');
  const bypass = Array.from({ length: n }, () => bytesToHex(r.fixed(32, 'bypass id')));
  const displayName = utf8Decode(r.vec16('display name', 4 * MAX_DISPLAY_NAME_LENGTH));
  if (displayName === undefined) throw malformed('display name is not UTF-8');
  const stateBytes = r.vec32('state message', MAX_STATE_MESSAGE);
  r.end();
  let latest: StateMessage | null = null;
  if (stateBytes.length > 0) {
    const message = decodeAdmissionMessage(stateBytes);
    if (message.kind !== 'state') throw malformed('the stored message is not a state');
    latest = message;
  }
  return { roomId, hostKeyId, selfKey, displayName, isRoot: (flags & 2) !== 0, lobbyEnabled: (flags & 1) !== 0, epoch, bypass, latest };
}
