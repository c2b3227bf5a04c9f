// Input checks and result rules shared by every CryptoProvider, so the noble reference and the
// native providers refuse the same inputs with the same ProtocolError.
import { ProtocolError } from '../errors';

export function checkLength(what: string, bytes: Uint8Array, ...lengths: number[]): void {
  if (!(bytes instanceof Uint8Array) || !lengths.includes(bytes.length)) {
    throw new ProtocolError('invalid-key', `${what} must be ${lengths.join(' or ')} bytes`);
  }
}

function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const b of bytes) acc |= b;
  return acc === 0;
}

/**
 * RFC 7748 §6.1: an all-zero X25519 output means the peer sent a low-order point. Some
 * implementations throw for it, others return zeros; both become ProtocolError('invalid-key').
 */
export async function x25519Output(compute: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
  let shared: Uint8Array;
  try {
    shared = await compute();
  } catch {
    throw new ProtocolError('invalid-key', 'X25519 public key is a low-order point');
  }
  if (isAllZero(shared)) throw new ProtocolError('invalid-key', 'X25519 public key is a low-order point');
  return shared;
}
