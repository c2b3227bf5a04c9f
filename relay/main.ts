// Entry point of the standalone relay process (scripts/relay.mjs loads this).
import { main } from './cli';

await main();
