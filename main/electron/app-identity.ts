// Windows identifies an app's notifications, taskbar pins and jump lists by its AppUserModelID.
// It must be the one the installer gave the Start-menu shortcut (electron-builder's appId, which
// test/packaging/policy-templates.test.ts keeps equal to main's BUNDLE_ID): otherwise toasts show
// "electron.app.Parley" and a pinned icon starts a second taskbar button.
export function applyAppUserModelId(app: { setAppUserModelId(id: string): void }, platform: string, appId: string): void {
  if (platform === 'win32') app.setAppUserModelId(appId);
}
