// Whether this copy of Parley was installed for one user or for the whole machine. IT's
// per-machine installs (MSI, NSIS /allusers, deb/rpm, an app bundle owned by root) are updated by
// IT's own tools, so Parley does not update itself there unless policy says so (auto-update.ts).
import path from 'node:path';

export type InstallScope = 'per-user' | 'per-machine';

export interface InstallScopeInput {
  platform: NodeJS.Platform;
  /** process.execPath of the running app. */
  executablePath: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether the current user may write to this path (fs.access with W_OK). */
  canWrite(target: string): boolean;
}

function isInside(child: string, parent: string, pathApi: typeof path.win32 | typeof path.posix): boolean {
  const relative = pathApi.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !pathApi.isAbsolute(relative);
}

export function detectInstallScope(input: InstallScopeInput): InstallScope {
  switch (input.platform) {
    case 'win32': {
      // Per-machine NSIS (/allusers) and the MSI install under Program Files; per-user NSIS
      // installs go to %LOCALAPPDATA%\Programs. Windows paths compare case-insensitively.
      const exe = input.executablePath.toLowerCase();
      const roots = [input.env.ProgramFiles, input.env.ProgramW6432, input.env['ProgramFiles(x86)']]
        .filter((root): root is string => Boolean(root))
        .map((root) => root.toLowerCase());
      return roots.some((root) => isInside(exe, root, path.win32)) ? 'per-machine' : 'per-user';
    }
    case 'darwin': {
      // Squirrel.Mac replaces the whole bundle, so an app the user cannot write (installed by
      // MDM or an administrator) is a per-machine install.
      const marker = input.executablePath.lastIndexOf('.app/');
      const bundle = marker === -1 ? path.posix.dirname(input.executablePath) : input.executablePath.slice(0, marker + 4);
      return input.canWrite(bundle) ? 'per-user' : 'per-machine';
    }
    default:
      // The AppImage runtime sets APPIMAGE to the file the user runs; deb and rpm packages are
      // installed system-wide by the package manager.
      return input.env.APPIMAGE ? 'per-user' : 'per-machine';
  }
}
