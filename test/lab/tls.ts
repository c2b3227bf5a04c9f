// A self-signed certificate for the lab's host names (*.lab.test), made at test time with the
// openssl CLI (Debian's openssl package; .ci/run installs it). Node can read certificates but
// not make them, and an npm dependency for this one file is not worth it. Chromium trusts it
// through --ignore-certificate-errors-spki-list (browser.ts), which covers exactly this key;
// Node clients can pass `cert` as their `ca`.
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LAB_DOMAIN } from './topology';
import { hasCommand, run } from './shell';

export interface LabCertificate {
  cert: string;
  key: string;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo, as --ignore-certificate-errors-spki-list wants it. */
  spkiSha256: string;
}

export async function makeLabCertificate(dir: string): Promise<LabCertificate> {
  if (!(await hasCommand('openssl'))) throw new Error('lab: TLS needs the openssl command (apt-get install openssl; .ci/run installs it)');
  const certFile = path.join(dir, 'lab-cert.pem');
  const keyFile = path.join(dir, 'lab-key.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2',
    '-subj', `/CN=relay.${LAB_DOMAIN}`, '-addext', `subjectAltName=DNS:*.${LAB_DOMAIN}`,
  ]);
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return { cert, key, spkiSha256: createHash('sha256').update(spki).digest('base64') };
}
