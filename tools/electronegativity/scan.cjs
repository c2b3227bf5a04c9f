// Runs Electronegativity on one folder and writes SARIF, without the CLI: the CLI fetches
// translations from the internet on every run (dist/locales/i18n.js) and exits 0 whatever it
// finds. Here the bundled English strings are used, nothing leaves the machine, and the
// caller (test/unit/electronegativity.test.ts) decides what a finding means.
//   node scan.cjs <input folder> <output.sarif>
'use strict';
const path = require('node:path');

const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const i18nModule = path.join(packageDir, 'dist', 'locales', 'i18n.js');

function offlineI18n() {
  const i18n = require('i18n');
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: path.join(packageDir, 'dist', 'locales'),
    updateFiles: false,
    objectNotation: true,
    retryInDefaultLocale: true,
    register: global,
  });
  i18n.setLocale('en-US');
  return Promise.resolve();
}
require.cache[i18nModule] = { id: i18nModule, filename: i18nModule, loaded: true, exports: { __esModule: true, default: offlineI18n } };

// No HTTP at all: AvailableSecurityFixesGlobalCheck downloads Electron's release list with `got`.
// That check is excluded below (Electron updates are tracked by the lockfile instead), and `got`
// is replaced so that any other attempt fails loudly instead of reaching the network.
const gotModule = require.resolve('got', { paths: [packageDir] });
const noNetwork = () => Promise.reject(new Error('electronegativity tried to use the network'));
noNetwork.head = noNetwork;
noNetwork.get = noNetwork;
require.cache[gotModule] = { id: gotModule, filename: gotModule, loaded: true, exports: Object.assign(noNetwork, { default: noNetwork }) };

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scan.cjs <input folder> <output.sarif>');
  process.exit(2);
}

require('@doyensec/electronegativity')({
  input: path.resolve(input),
  output: path.resolve(output),
  isSarif: true,
  customScan: [],
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: require('../../node_modules/electron/package.json').version,
  parserPlugins: [],
}).then(
  // Not process.exit(): the SARIF file is written asynchronously after the promise resolves.
  () => {},
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  },
);
