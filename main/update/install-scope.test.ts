import { describe, expect, it } from 'vitest';
import { detectInstallScope } from './install-scope';

const WINDOWS_ENV = {
  ProgramFiles: 'C:\\Program Files',
  ProgramW6432: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
};

describe('detectInstallScope', () => {
  const writable = () => true;

  it('Windows: under Program Files (MSI, NSIS /allusers) is per machine', () => {
    const scope = (executablePath: string) => detectInstallScope({ platform: 'win32', executablePath, env: WINDOWS_ENV, canWrite: writable });
    expect(scope('C:\\Program Files\\Parley\\Parley.exe')).toBe('per-machine');
    expect(scope('c:\\program files (x86)\\Parley\\Parley.exe')).toBe('per-machine');
    expect(scope('C:\\Users\\ana\\AppData\\Local\\Programs\\Parley\\Parley.exe')).toBe('per-user');
    // A sibling folder whose name merely starts like Program Files is not inside it.
    expect(scope('C:\\Program Files Custom\\Parley\\Parley.exe')).toBe('per-user');
  });

  it('macOS: a bundle the user cannot write is per machine', () => {
    const checked: string[] = [];
    const input = (canWrite: boolean) => ({
      platform: 'darwin' as const,
      executablePath: '/Applications/Parley.app/Contents/MacOS/Parley',
      env: {},
      canWrite: (target: string) => {
        checked.push(target);
        return canWrite;
      },
    });
    expect(detectInstallScope(input(false))).toBe('per-machine');
    expect(detectInstallScope(input(true))).toBe('per-user');
    expect(checked).toEqual(['/Applications/Parley.app', '/Applications/Parley.app']);
  });

  it('Linux: an AppImage is per user, a deb/rpm install per machine', () => {
    const base = { platform: 'linux' as const, executablePath: '/opt/Parley/parley', canWrite: writable };
    expect(detectInstallScope({ ...base, env: {} })).toBe('per-machine');
    expect(detectInstallScope({ ...base, env: { APPIMAGE: '/home/ana/Parley.AppImage' } })).toBe('per-user');
  });
});
