// `toolshed --open NAME` and toolshed://open/NAME links: which toolbox a
// command line asks to open, and the hand-off from a second instance to the
// running one. Pure (no Electron import), so it is unit-tested as is.
import { containerNameSchema } from '../../shared/contract.js';

export const DEEP_LINK_SCHEME = 'toolshed';

export interface OpenRequest {
  container: string;
}

function request(name: string | undefined): OpenRequest | null {
  return name !== undefined && containerNameSchema.safeParse(name).success ? { container: name } : null;
}

/** toolshed://open/NAME (one trailing slash allowed); anything else is no request. */
export function openRequestFromUrl(text: string): OpenRequest | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.host !== 'open' || url.search || url.hash || url.username || url.password) return null;
  const match = /^\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return null;
  try {
    return request(decodeURIComponent(match[1]!));
  } catch {
    return null;
  }
}

/**
 * The toolbox a command line asks to open: `--open NAME`, `--open=NAME` or a
 * toolshed:// link anywhere in it (a desktop environment passes links as an
 * argument). The last request wins; an invalid name is no request.
 */
export function openRequestFromArgv(argv: readonly string[]): OpenRequest | null {
  let found: OpenRequest | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--open') found = request(argv[(i += 1)]) ?? found;
    else if (arg.startsWith('--open=')) found = request(arg.slice('--open='.length)) ?? found;
    else if (arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) found = openRequestFromUrl(arg) ?? found;
  }
  return found;
}

/** What a second instance passes to app.requestSingleInstanceLock(): its own reading of its exact argv. */
export interface HandOff {
  toolshedOpen?: string;
}

export function handOffData(requested: OpenRequest | null): HandOff {
  return requested ? { toolshedOpen: requested.container } : {};
}

/**
 * The running instance's reading of a 'second-instance' event. Chromium may
 * reorder the argv it reports and add switches, so the second instance's own
 * parse (additionalData) is preferred; the argv is the fallback (it still
 * carries --open=NAME and toolshed:// links intact). additionalData comes from
 * another process: it is validated like any input.
 */
export function openRequestFromSecondInstance(argv: readonly string[], additionalData: unknown): OpenRequest | null {
  if (additionalData && typeof additionalData === 'object' && 'toolshedOpen' in additionalData) {
    const name = (additionalData as { toolshedOpen: unknown }).toolshedOpen;
    if (typeof name === 'string') return request(name);
  }
  return openRequestFromArgv(argv);
}

/**
 * Open requests wait until the window's page has loaded (its event listener
 * exists), then go out in order; a reload or a new window waits again.
 */
export class OpenRequestQueue {
  private pending: OpenRequest[] = [];
  private ready = false;

  constructor(private readonly send: (request: OpenRequest) => void) {}

  push(requested: OpenRequest | null): void {
    if (!requested) return;
    if (this.ready) this.send(requested);
    else this.pending.push(requested);
  }

  /** The page has loaded: send what waited. */
  setReady(): void {
    this.ready = true;
    for (const requested of this.pending.splice(0)) this.send(requested);
  }

  /** The page is (re)loading or the window closed: hold requests. */
  setNotReady(): void {
    this.ready = false;
  }
}
