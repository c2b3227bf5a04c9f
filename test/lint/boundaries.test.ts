// Proves the layer rules bite: fixtures with forbidden imports fail ESLint with the layer rule,
// and protocol code that touches the DOM fails protocol's own tsconfig.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import parley from '../../eslint/layer-boundaries.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');

async function lint(relativeFile: string) {
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: true,
    ignore: false,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as never },
        plugins: { parley },
        rules: { 'parley/layer-boundaries': ['error', { root: fixtures }] },
      },
    ],
  });
  const [result] = await eslint.lintFiles([path.join(fixtures, relativeFile)]);
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries (ESLint)', () => {
  it.each([
    ['protocol/imports-main.ts', 'protocol/ may not import from main/ ("../main/keystore")'],
    ['protocol/imports-node.ts', 'protocol/ runs where Node APIs do not exist; "node:crypto" is not allowed'],
    ['renderer/imports-relay.ts', 'renderer/ may not import from relay/ ("../relay/server")'],
    ['renderer/imports-fs.ts', 'renderer/ runs where Node APIs do not exist; "fs" is not allowed'],
    ['preload/imports-main.ts', 'preload/ may not import from main/ ("../main/keystore")'],
  ])('%s is refused', async (file, message) => {
    expect(await lint(file)).toEqual([`parley/layer-boundaries: ${message}`]);
  });

  it.each(['protocol/allowed.ts', 'renderer/allowed.ts', 'protocol/ok.ts'])('%s is allowed', async (file) => {
    expect(await lint(file)).toEqual([]);
  });
});

describe('layer boundaries (TypeScript)', () => {
  it('protocol code that uses the DOM fails the protocol tsconfig', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(fixtures, 'protocol/tsconfig.json')], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/uses-dom\.ts.*Cannot find name 'document'/);
  });
});
