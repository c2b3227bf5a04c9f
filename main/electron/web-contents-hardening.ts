// Rules for every webContents the app creates (wired from app's 'web-contents-created'): no
// navigation away from the app, no redirects, no new windows (https links go to the browser
// only after the user confirms), no <webview>.
import type { WebContents } from 'electron';
import type { ExternalLinkOpener } from '../links/external-links';
import { openExternalSafely } from '../links/external-links';

export function hardenWebContents(contents: WebContents, externalLinks: ExternalLinkOpener): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    // The renderer is a single page; in-page fragment changes do not navigate.
    if (!event.isSameDocument) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url, externalLinks);
    return { action: 'deny' };
  });
}
