// Permission decisions for the session, as pure functions (tested without Electron).
// Camera and microphone: only our own renderer (app://parley), top frame. Screen capture
// ('display-capture', which Electron >= 45 reports separately from 'media'): only our renderer
// and only while the user has picked a source in our picker. Local Network Access (Chromium
// blocks a page whose origin it does not count as local from opening connections to loopback and
// private addresses, docs/TESTING.md "Local Network Access"): our renderer only, because the
// embedded relay listens on 127.0.0.1 and a LAN relay on a private address. Electron names no
// target address in these requests, so the grant cannot be narrowed to the relay in use; the
// renderer's CSP (connect-src 'self' ws: wss:) keeps it to WebSocket connections. Everything else:
// denied.
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

/** Chromium's Local Network Access permissions, as Electron names them (electron.d.ts). */
export const LOCAL_NETWORK_PERMISSIONS: readonly string[] = ['local-network-access', 'local-network', 'loopback-network'];

export function allowPermissionRequest(request: PermissionRequest, screenPickPending: boolean): boolean {
  if (!isAppUrl(request.pageUrl) || !isAppUrl(request.requestingUrl) || !request.isMainFrame) return false;
  if (request.permission === 'media') return request.mediaTypes.length > 0 && request.mediaTypes.every((t) => t === 'audio' || t === 'video');
  if (request.permission === 'display-capture') return screenPickPending;
  return LOCAL_NETWORK_PERMISSIONS.includes(request.permission);
}

/** Permission checks (navigator.permissions.query, enumerateDevices labels, local network access): our origin only. */
export function allowPermissionCheck(permission: string, requestingOrigin: string, pageUrl: string | null): boolean {
  const allowed = permission === 'media' || LOCAL_NETWORK_PERMISSIONS.includes(permission);
  return allowed && isAppUrl(requestingOrigin) && (pageUrl === null || isAppUrl(pageUrl));
}
