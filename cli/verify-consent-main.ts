// Entry point of parley-verify-consent (bundled by scripts/build.mjs into dist/tools/).
import { main } from './verify-consent';

process.exitCode = await main(process.argv.slice(2));
