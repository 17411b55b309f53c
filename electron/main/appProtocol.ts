// Serves the built renderer from app://toolshed/ (a standard, secure scheme, so
// the page has a real origin for the CSP and the IPC sender check), with the
// same Content-Security-Policy as `toolshed serve`.
import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp.js';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (url.host !== 'toolshed' || !file.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });
}
