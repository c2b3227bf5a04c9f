// The relay's version: package.json's, inlined by the bundler (esbuild keeps only this field),
// so the single-file build (`npm run build:relay`) reports it without a package.json beside it.
import { version } from '../package.json';

export const RELAY_VERSION: string = version;
