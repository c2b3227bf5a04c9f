// electron-builder configuration for Parley's installers (docs/DEPLOYMENT.md explains them to IT).
// electron-builder loads this file itself (`electron-builder --config electron-builder.ts`, via
// jiti). Everything that differs between a local build and a signed release comes from the
// environment, so the release workflow (.github/workflows/release.yml) holds no settings of its own.
import type { Configuration } from 'electron-builder';

/** CFBundleIdentifier, Windows AppUserModelID, and the macOS managed-preferences domain. */
export const APP_ID = 'org.parley.app';
export const PRODUCT_NAME = 'Parley';
export const INVITE_SCHEME = 'parley';

/** Fixed for the life of the product: Windows Installer matches upgrades of the MSI by it. */
export const MSI_UPGRADE_CODE = '6f1d5a2e-8c3b-4f7a-9e21-5b0c7d4a3f68';

/** Info.plist usage strings: macOS shows them when it asks the user for camera/microphone access. */
export const MAC_USAGE_DESCRIPTIONS = {
  NSCameraUsageDescription: 'Parley uses your camera to show you to the people in your call. Video is end-to-end encrypted.',
  NSMicrophoneUsageDescription:
    'Parley uses your microphone so the people in your call can hear you. Audio is end-to-end encrypted.',
} as const;

export type BuildEnvironment = Readonly<Record<string, string | undefined>>;

/** A release build (PARLEY_RELEASE=true): must be signed (and on macOS notarized) or it fails. */
export function isReleaseBuild(env: BuildEnvironment): boolean {
  return env.PARLEY_RELEASE === 'true';
}

/** Windows signing goes through Azure Trusted Signing when its endpoint is configured. */
export function usesAzureTrustedSigning(env: BuildEnvironment): boolean {
  return Boolean(env.AZURE_TRUSTED_SIGNING_ENDPOINT);
}

/**
 * The secrets a release build on `platform` needs, by name. electron-builder silently skips
 * notarization when the Apple variables are missing, so a release checks them up front instead.
 */
export function missingReleaseSecrets(env: BuildEnvironment, platform: NodeJS.Platform): string[] {
  const required: string[] = [];
  if (platform === 'darwin') {
    required.push('CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER');
  } else if (platform === 'win32') {
    if (usesAzureTrustedSigning(env)) {
      required.push(
        'AZURE_TRUSTED_SIGNING_ENDPOINT',
        'AZURE_TRUSTED_SIGNING_ACCOUNT',
        'AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE',
        'WIN_PUBLISHER_NAME',
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
      );
    } else if (!env.WIN_CSC_LINK) {
      required.push('CSC_LINK', 'CSC_KEY_PASSWORD');
    } else {
      required.push('WIN_CSC_KEY_PASSWORD');
    }
  }
  return required.filter((name) => !env[name]);
}

function windowsSigning(env: BuildEnvironment): Pick<NonNullable<Configuration['win']>, 'azureSignOptions' | 'signtoolOptions'> {
  if (usesAzureTrustedSigning(env)) {
    // Azure credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) are read from the
    // environment by the TrustedSigning PowerShell module, never from this file.
    return {
      azureSignOptions: {
        publisherName: env.WIN_PUBLISHER_NAME ?? '',
        endpoint: env.AZURE_TRUSTED_SIGNING_ENDPOINT ?? '',
        codeSigningAccountName: env.AZURE_TRUSTED_SIGNING_ACCOUNT ?? '',
        certificateProfileName: env.AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE ?? '',
      },
    };
  }
  // The certificate comes from CSC_LINK / WIN_CSC_LINK (+ *_KEY_PASSWORD), which electron-builder
  // reads itself. The publisher name defaults to the certificate's subject; electron-updater checks
  // each downloaded update against it.
  return {
    signtoolOptions: {
      signingHashAlgorithms: ['sha256'],
      ...(env.WIN_PUBLISHER_NAME ? { publisherName: env.WIN_PUBLISHER_NAME } : {}),
    },
  };
}

/** Where electron-updater looks for updates; unset means the build ships without an update feed. */
function publishConfig(env: BuildEnvironment): Configuration['publish'] {
  if (!env.PARLEY_UPDATE_URL) return null;
  return { provider: 'generic', url: env.PARLEY_UPDATE_URL, channel: 'latest' };
}

export function createConfiguration(env: BuildEnvironment = process.env, platform: NodeJS.Platform = process.platform): Configuration {
  const release = isReleaseBuild(env);
  if (release) {
    const missing = missingReleaseSecrets(env, platform);
    if (missing.length > 0) {
      throw new Error(`Release build on ${platform} is missing: ${missing.join(', ')} (see docs/DEPLOYMENT.md)`);
    }
  }
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    copyright: 'Copyright © 2026 The Parley contributors',
    directories: { output: 'release', buildResources: 'build' },
    // Predictable names without spaces, for scripts and silent installs (DEPLOYMENT.md).
    artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
    // Only the build output and package.json; electron-builder adds the production dependencies.
    // Sources, tests, fixtures, source maps and .env files never reach the package; the
    // exclusions apply to the dependencies too (some ship their TypeScript sources).
    files: [
      'package.json',
      'dist/main/**',
      'dist/preload/**',
      'dist/renderer/**',
      '!**/*.{ts,tsx,mts,cts,map}',
      '!**/{test,tests,__tests__,fixtures}/**',
      '!**/.env*',
    ],
    // The data-protection officer's offline consent check (docs/DPO.md), beside the app: <resources>/tools/.
    extraResources: [{ from: 'dist/tools', to: 'tools', filter: ['parley-verify-consent.mjs'] }],
    // Parley has no native modules, so there is nothing to rebuild against Electron's headers.
    npmRebuild: false,
    asar: true,
    // Electron takes the Linux window class / Wayland app_id from desktopName; it must match the
    // installed parley.desktop so the desktop shows running windows under Parley's entry.
    extraMetadata: { desktopName: 'parley.desktop' },
    protocols: [{ name: 'Parley invite', schemes: [INVITE_SCHEME] }],
    forceCodeSigning: release,
    // Every fuse set explicitly (https://www.electronjs.org/docs/latest/tutorial/fuses).
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // Parley ships no custom browser-process V8 snapshot, so the shared one is used.
      loadBrowserProcessSpecificV8Snapshot: false,
      // The UI is served from the app:// scheme, never file://.
      grantFileProtocolExtraPrivileges: false,
    },
    publish: publishConfig(env),

    mac: {
      target: [
        { target: 'dmg', arch: ['universal'] },
        // The zip is what electron-updater downloads on macOS.
        { target: 'zip', arch: ['universal'] },
      ],
      category: 'public.app-category.business',
      icon: 'build/icon.icns',
      minimumSystemVersion: '12.0',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.inherit.plist',
      // Screen sharing needs no Info.plist string: macOS asks through System Settings >
      // Privacy & Security > Screen & System Audio Recording (DEPLOYMENT.md explains the MDM side).
      extendInfo: { ...MAC_USAGE_DESCRIPTIONS },
      // Notarized with APPLE_API_KEY / APPLE_API_KEY_ID / APPLE_API_ISSUER from the environment.
      notarize: release,
    },
    dmg: { sign: false },

    win: {
      target: [
        { target: 'nsis', arch: ['x64', 'arm64'] },
        { target: 'msi', arch: ['x64'] },
      ],
      icon: 'build/icon.ico',
      verifyUpdateCodeSignature: true,
      ...windowsSigning(env),
    },
    nsis: {
      // Assisted installer: users pick "only for me" or "for all users"; IT installs silently
      // per machine with `/S /allusers` (DEPLOYMENT.md).
      // One installer for x64 and arm64.
      artifactName: '${productName}-${version}-win-setup.${ext}',
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
    },
    msi: {
      // The MSI is IT's package: always per machine, no UI, upgrades matched by the upgrade code.
      perMachine: true,
      oneClick: true,
      upgradeCode: MSI_UPGRADE_CODE,
      createDesktopShortcut: false,
      createStartMenuShortcut: true,
      runAfterFinish: false,
    },

    linux: {
      target: ['AppImage', 'deb', 'rpm'],
      executableName: 'parley',
      icon: 'build/icons',
      category: 'Network',
      synopsis: 'End-to-end encrypted video calls',
      maintainer: 'The Parley contributors <maintainers@parley.invalid>',
      vendor: 'The Parley contributors',
      // The parley:// handler (x-scheme-handler/parley) comes from `protocols`.
      desktop: { entry: { Categories: 'Network;VideoConference;Chat;' } },
    },
    deb: {
      // electron-builder's default list, written out so that libsecret (the keyring behind
      // safeStorage, which seals the keystore) cannot drop out unnoticed.
      depends: [
        'libgtk-3-0',
        'libnotify4',
        'libnss3',
        'libxss1',
        'libxtst6',
        'xdg-utils',
        'libatspi2.0-0',
        'libuuid1',
        'libsecret-1-0',
      ],
    },
    rpm: {
      depends: ['gtk3', 'libnotify', 'nss', 'libXScrnSaver', '(libXtst or libXtst6)', 'xdg-utils', 'at-spi2-core', '(libuuid or libuuid1)', 'libsecret'],
    },
  };
}

// A function, so that electron-builder evaluates it (and checks release secrets) only when it
// builds, not whenever a script or test imports this module.
export default (): Configuration => createConfiguration();
