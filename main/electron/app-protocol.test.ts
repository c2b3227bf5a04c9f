import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, isAppUrl, resolveAppPath } from './app-protocol';

describe('app:// protocol', () => {
  it('recognises only our own origin', () => {
    expect(isAppUrl('app://parley/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://parley/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('resolves files inside the renderer folder and refuses traversal', () => {
    const root = path.resolve('/srv/renderer');
    expect(resolveAppPath(root, 'app://parley/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://parley/assets/a.js')).toBe(path.join(root, 'assets/a.js'));
    expect(resolveAppPath(root, 'app://parley/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
  });

  it('has a CSP without unsafe-eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(contentTypeFor('x.js')).toMatch(/javascript/);
  });
});
