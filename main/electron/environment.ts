// Environment hardening for packaged builds, after Signal-Desktop's app/config.main.ts: a
// packaged app must not let environment variables (set by malware or a careless shell) turn
// it into a Node interpreter, inject code or flags, or relax TLS. Development keeps them.

/** Variables that change how Electron/Node/Chromium run or what they load. */
export const DANGEROUS_ENV_VARS = [
  'ELECTRON_RUN_AS_NODE', // runs the binary as plain Node: arbitrary code with our signature
  'ELECTRON_NO_ATTACH_CONSOLE',
  'ELECTRON_ENABLE_LOGGING',
  'ELECTRON_LOG_FILE',
  'ELECTRON_DEBUG_NOTIFICATIONS',
  'ELECTRON_OVERRIDE_DIST_PATH',
  'NODE_OPTIONS', // --require / --import of any file
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_DEBUG',
  'NODE_REPL_EXTERNAL_MODULE',
  'UV_THREADPOOL_SIZE',
  'SSLKEYLOGFILE', // would log TLS secrets
  'GOOGLE_API_KEY',
  'CHROME_DEVEL_SANDBOX',
];

/** Removes the dangerous variables when packaged; returns the names it removed (for a count in logs, never values). */
export function hardenEnvironment(env: NodeJS.ProcessEnv, isPackaged: boolean): string[] {
  if (!isPackaged) return [];
  const removed = DANGEROUS_ENV_VARS.filter((name) => Object.hasOwn(env, name));
  for (const name of removed) delete env[name];
  return removed;
}
