// The WebCrypto provider under Node's WebCrypto (globalThis.crypto.subtle, an OpenSSL-backed
// implementation). test/e2e/webcrypto-provider.e2e.test.ts runs it in real Chromium (BoringSSL).
import { webCryptoProvider } from '../../renderer/crypto/webcrypto-provider';
import { describeProviderConformance } from './provider-conformance';

describeProviderConformance(webCryptoProvider);
