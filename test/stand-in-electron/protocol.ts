// protocol and net: the app's own schemes. Chromium outside Electron cannot
// load a custom scheme, so a page of a privileged standard scheme lives at an
// https (or http) address that maps one to one onto it; everything the app
// sees (frame URLs, origins, the Request its handler gets) is in the app's
// scheme, as in Electron.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isReady, requireReady } from './events.js';

interface SchemePrivileges {
  standard?: boolean;
  secure?: boolean;
  supportFetchAPI?: boolean;
  [key: string]: boolean | undefined;
}

const privileged = new Map<string, SchemePrivileges>();
const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
let schemesRegistered = false;
const MAPPED_SUFFIX = '.stand-in.invalid';

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: SchemePrivileges }[]): void {
    // Electron: "can only be used before the ready event of the app module gets emitted and can be called only once"
    if (isReady()) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready.');
    if (schemesRegistered) throw new Error('protocol.registerSchemesAsPrivileged can be called only once.');
    schemesRegistered = true;
    for (const { scheme, privileges = {} } of schemes) privileged.set(scheme, privileges);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    requireReady('protocol.handle');
    if (handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled.`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
};

/** The address Chromium loads for an app URL (the identity for any other URL). */
export function toPageUrl(appUrl: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(appUrl);
  const privileges = match ? privileged.get(match[1]!.toLowerCase()) : undefined;
  if (!match || !privileges?.standard) return appUrl;
  return `${privileges.secure ? 'https' : 'http'}://${match[2]}.${match[1]!.toLowerCase()}${MAPPED_SUFFIX}${match[3] || '/'}`;
}

/** The app URL a Chromium address stands for (the identity for any other address). */
export function toAppUrl(pageUrl: string): string {
  const match = /^https?:\/\/([^/?#]*)\.([a-z][a-z0-9+.-]*)\.stand-in\.invalid(.*)$/i.exec(pageUrl);
  if (!match || !privileged.get(match[2]!)?.standard) return pageUrl;
  return `${match[2]}://${match[1]}${match[3]}`;
}

/** Chromium's origin of a URL: for a standard scheme scheme://host, as WebFrameMain.origin reports it. */
export function originOf(appUrl: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(appUrl);
  if (match && privileged.get(match[1]!.toLowerCase())?.standard) return `${match[1]!.toLowerCase()}://${match[2]!.toLowerCase()}`;
  try {
    return new URL(appUrl).origin;
  } catch {
    return 'null';
  }
}

/** The registered handler's answer for an app URL, or undefined when no handler owns its scheme. */
export async function answerFromHandler(appUrl: string, init: { method: string; headers: Record<string, string> }): Promise<Response | undefined> {
  const scheme = appUrl.slice(0, appUrl.indexOf(':')).toLowerCase();
  const handler = handlers.get(scheme);
  if (!handler) return undefined;
  return handler(new Request(appUrl, { method: init.method, headers: init.headers }));
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.cjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export const net = {
  /** Electron's net.fetch also reads file: URLs (with Chromium's MIME type); a missing file rejects as Chromium's net error. */
  async fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    requireReady('net.fetch');
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith('file:')) return fetch(input, init);
    const file = fileURLToPath(url);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      throw new TypeError('net::ERR_FILE_NOT_FOUND');
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' },
    });
  },
};
