// ESLint rule: each process layer may import only the layers and packages its process has.
// The table is the one in docs/ARCHITECTURE.md ("Layers and what they may import").
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** layer -> { layers it may import, packages it may import (exact or prefix/), node builtins? } */
export const LAYER_RULES = {
  protocol: { layers: ['protocol'], packages: ['@noble/'], node: false },
  relay: { layers: ['relay', 'protocol'], packages: ['ws', 'ioredis'], node: true },
  // Commands shipped with Parley (parley-verify-consent): plain Node, the protocol's checks.
  cli: { layers: ['cli', 'protocol'], packages: ['@noble/'], node: true },
  main: { layers: ['main', 'protocol', 'relay'], packages: ['electron', 'electron-updater', '@noble/'], node: true },
  preload: { layers: ['preload', 'protocol'], packages: ['electron'], node: false },
  renderer: {
    layers: ['renderer', 'protocol'],
    packages: ['react', 'react-dom', 'react/', 'react-dom/', 'zustand', 'simple-peer', 'events', 'buffer', '@noble/', 'qrcode-generator', 'jsqr'],
    node: false,
  },
};

/** The layer a file belongs to, or undefined for files outside the layers (tests, scripts). */
export function layerOf(file, root = ROOT) {
  const rel = path.relative(root, file);
  if (rel.startsWith('..')) return undefined;
  const top = rel.split(path.sep)[0];
  return Object.hasOwn(LAYER_RULES, top) ? top : undefined;
}

function isTestFile(file) {
  return /\.test\.tsx?$/.test(file);
}

function packageAllowed(specifier, allowed) {
  return allowed.some((p) => (p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(`${p}/`)));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports across process layers (see docs/ARCHITECTURE.md)' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      layer: '{{from}}/ may not import from {{to}}/ ("{{specifier}}")',
      node: '{{from}}/ runs where Node APIs do not exist; "{{specifier}}" is not allowed',
      package: '{{from}}/ may not import the package "{{specifier}}"',
    },
  },
  create(context) {
    const root = context.options[0]?.root ? path.resolve(context.options[0].root) : ROOT;
    const file = context.filename;
    const from = layerOf(file, root);
    if (!from || isTestFile(file)) return {};
    const rules = LAYER_RULES[from];

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const to = layerOf(path.resolve(path.dirname(file), specifier), root);
        if (to && !rules.layers.includes(to)) {
          context.report({ node, messageId: 'layer', data: { from, to, specifier } });
        }
        return;
      }
      if (NODE_BUILTINS.has(specifier)) {
        if (!rules.node) context.report({ node, messageId: 'node', data: { from, specifier } });
        return;
      }
      if (!packageAllowed(specifier, rules.packages)) {
        context.report({ node, messageId: 'package', data: { from, specifier } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'layer-boundaries': rule } };
