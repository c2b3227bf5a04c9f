import { describe, expect, it, vi } from 'vitest';
import { applyAppUserModelId } from './app-identity';

describe('AppUserModelID', () => {
  it('is set to the installer appId on Windows, and left alone elsewhere', () => {
    for (const platform of ['win32', 'darwin', 'linux']) {
      const app = { setAppUserModelId: vi.fn() };
      applyAppUserModelId(app, platform, 'org.parley.app');
      expect(app.setAppUserModelId.mock.calls).toEqual(platform === 'win32' ? [['org.parley.app']] : []);
    }
  });
});
