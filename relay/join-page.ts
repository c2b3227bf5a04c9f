// GET /join: a tiny static page that hands its URL fragment to the app as
// `parley://join?relay=<this relay>#<fragment>` (PROTOCOL.md §4.3), so the guest's app joins the
// room on this relay whatever its own default. The fragment (the invite secret) is never sent to
// the server by the browser; the page loads nothing else, and its CSP allows exactly its one
// inline script (by hash) and nothing more. The page's script can read the fragment, which is why
// the app form is the private one (docs/SECURITY.md).
import { createHash } from 'node:crypto';

// The relay is this page's own address without "/join": https://h/p/join -> wss://h/p.
const script =
  "var r=(location.protocol==='https:'?'wss://':'ws://')+location.host+location.pathname.replace(/\\/join\\/?$/,'');" +
  "var t='parley://join?relay='+encodeURIComponent(r)+location.hash;var a=document.getElementById('open');a.href=t;location.replace(t);";

const scriptHash = createHash('sha256').update(script).digest('base64');

export const JOIN_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>Join a Parley call</title></head>
<body><p>Opening Parley&hellip; <a id="open" href="#">Open the call in Parley</a></p>
<script>${script}</script></body></html>
`;

export const JOIN_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};
