// Serves the built renderer (dist/renderer) on 127.0.0.1 with the same CSP header main sends.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../../main/electron/app-protocol';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** The file at URL path `pathname` under `root`, with main's headers; null outside `root` or when missing. */
export async function rendererFile(root: string, pathname: string): Promise<{ body: Buffer; headers: Record<string, string> } | null> {
  const resolvedRoot = path.resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = path.resolve(resolvedRoot, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (!file.startsWith(resolvedRoot + path.sep)) return null;
  try {
    return { body: await readFile(file), headers: { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY } };
  } catch {
    return null;
  }
}

export async function serveRenderer(root: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    void rendererFile(root, new URL(request.url ?? '/', 'http://127.0.0.1').pathname).then((found) => {
      if (!found) response.writeHead(404).end();
      else response.writeHead(200, found.headers).end(found.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
