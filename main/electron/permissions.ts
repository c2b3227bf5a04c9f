// Permission decisions for the session, as pure functions (tested without Electron).
// Camera and microphone: only our own renderer (app://parley), top frame. Screen capture
// ('display-capture', which Electron >= 45 reports separately from 'media'): only our renderer
// and only while the user has picked a source in our picker. Everything else: denied.
import { isAppUrl } from './app-protocol';

export interface PermissionRequest {
  permission: string;
  /** URL of the page (webContents) asking. */
  pageUrl: string;
  /** URL of the frame asking (details.requestingUrl). */
  requestingUrl: string;
  isMainFrame: boolean;
  /** For 'media': which kinds ('audio', 'video'). */
  mediaTypes: readonly string[];
}

export function allowPermissionRequest(request: PermissionRequest, screenPickPending: boolean): boolean {
  if (!isAppUrl(request.pageUrl) || !isAppUrl(request.requestingUrl) || !request.isMainFrame) return false;
  if (request.permission === 'media') return request.mediaTypes.length > 0 && request.mediaTypes.every((t) => t === 'audio' || t === 'video');
  if (request.permission === 'display-capture') return screenPickPending;
  return false;
}

/** Permission checks (navigator.permissions.query, enumerateDevices labels): media for our origin only. */
export function allowPermissionCheck(permission: string, requestingOrigin: string, pageUrl: string | null): boolean {
  return permission === 'media' && isAppUrl(requestingOrigin) && (pageUrl === null || isAppUrl(pageUrl));
}
