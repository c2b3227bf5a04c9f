// Applies Parley's rules to an Electron session: permission request AND check handlers,
// screen capture only through our picker, no device (HID/USB/serial) access, no spellchecker
// dictionary downloads (no third-party requests).
import type { DesktopCapturerSource, Session } from 'electron';
import type { CaptureSource, ScreenPicker } from '../screen/screen-picker';
import { isAppUrl } from './app-protocol';
import { allowPermissionCheck, allowPermissionRequest } from './permissions';

/** Spellchecker dictionaries would be fetched from Google's CDN; point the downloader nowhere. */
export const NO_DICTIONARY_DOWNLOADS_URL = 'http://127.0.0.1:9/';

/** A desktopCapturer source as the picker lists it (thumbnail as a data: URL). */
export type ElectronCaptureSource = CaptureSource & { source: DesktopCapturerSource };

export function hardenSession(session: Session, picker: ScreenPicker<ElectronCaptureSource>): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? details.mediaTypes : [];
    callback(
      allowPermissionRequest(
        { permission, pageUrl: webContents.getURL(), requestingUrl: details.requestingUrl ?? '', isMainFrame: details.isMainFrame, mediaTypes },
        picker.hasFreshChoice(),
      ),
    );
  });
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin) =>
    allowPermissionCheck(permission, requestingOrigin, webContents ? webContents.getURL() : null),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((request, callback) => {
    if (!request.frame || !isAppUrl(request.frame.url) || request.frame.parent !== null) {
      callback({});
      return;
    }
    void picker.take().then(
      (source) => callback(source ? { video: source.source } : {}),
      () => callback({}),
    );
  }, { useSystemPicker: false });
  // Off for the whole session (windows also set spellcheck: false), so no dictionary is ever
  // fetched; should anything turn it on, the download URL still leads nowhere.
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARY_DOWNLOADS_URL);
}
