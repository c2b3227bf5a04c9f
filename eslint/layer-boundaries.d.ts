import type { ESLint } from 'eslint';

declare const plugin: ESLint.Plugin;
export default plugin;
export declare const LAYER_RULES: Record<string, { layers: string[]; packages: string[]; node: boolean }>;
export declare function layerOf(file: string, root?: string): string | undefined;
