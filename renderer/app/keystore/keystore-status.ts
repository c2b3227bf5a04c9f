// Main answers "opening" while it unseals the keystore (scrypt can take a second): ask again.
import type { KeystoreStatus } from '../../../protocol/ipc-contract';
import { parleyApi } from '../../parley-api';

export const MIN_PASSPHRASE_LENGTH = 8; // main/keystore/passphrase-sealer.ts refuses shorter ones
const POLL_MS = 250;

export async function waitWhileOpening(status: KeystoreStatus): Promise<KeystoreStatus> {
  let current = status;
  while (current.state === 'opening') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await parleyApi().getKeystoreStatus();
  }
  return current;
}
