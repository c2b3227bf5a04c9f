// `npm run relay -- [flags]`: runs the relay (relay/main.ts) in this process through tsx's loader,
// so signals (SIGTERM -> graceful shutdown) reach it directly. Flags: relay/cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('../relay/main.ts');
