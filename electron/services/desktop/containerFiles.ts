// Reading a toolbox's app entries and icons through `podman exec`: one exec
// lists every .desktop file, one more fetches an exported app's icon. The
// scripts are constants; what varies (the icon's name) is passed as an
// argument, never spliced into the script.
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { APP_LISTING_SCRIPT, appsOfListing, parseAppListing } from './appExport.js';
import { detectIconFormat, type IconFormat } from './iconFormat.js';

const EXEC_TIMEOUT_MS = 30_000;

type FilesContext = Pick<EngineContext, 'podman' | 'log'>;

async function execScript(ctx: FilesContext, containerId: string, script: string, args: string[] = []): Promise<string> {
  try {
    return await ctx.podman.execScript(containerId, script, args, { timeoutMs: EXEC_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED') {
      throw new ToolshedError('PODMAN_FAILED', `Could not read the container's files: ${error.message}`, error.detail);
    }
    throw error;
  }
}

/** Every visible application of the container, with its entry's text. */
export async function readContainerApps(ctx: FilesContext, containerId: string) {
  return appsOfListing(parseAppListing(await execScript(ctx, containerId, APP_LISTING_SCRIPT)));
}

const ICON_SIZES = ['scalable', '512x512', '256x256', '192x192', '128x128', '96x96', '64x64', '48x48', '32x32', '24x24', '22x22', '16x16'];

/**
 * Finds an icon by the Icon key's value ($1): an absolute path, or a name looked
 * up in hicolor (largest first), the pixmaps folder, then any other theme; prints
 * the file's path and its bytes in base64. Prints nothing when there is none.
 */
export const ICON_FETCH_SCRIPT = `icon=$1
case $icon in
  /*) set -- "$icon" ;;
  */*|'') exit 0 ;;
  *) set --
    for d in /usr/local/share/icons /usr/share/icons; do
      for s in ${ICON_SIZES.join(' ')}; do set -- "$@" "$d/hicolor/$s/apps/$icon.svg" "$d/hicolor/$s/apps/$icon.png"; done
    done
    set -- "$@" "/usr/share/pixmaps/$icon.svg" "/usr/share/pixmaps/$icon.png" "/usr/share/pixmaps/$icon.xpm" "/usr/share/pixmaps/$icon"
    for f in /usr/share/icons/*/scalable/apps/"$icon".svg /usr/share/icons/*/*/apps/"$icon".png; do set -- "$@" "$f"; done ;;
esac
for f in "$@"; do
  [ -f "$f" ] && [ -r "$f" ] || continue
  [ "$(wc -c < "$f")" -le 2097152 ] || continue
  printf '%s\\n' "$f"
  base64 < "$f" || exit 0
  exit 0
done
exit 0`;

export interface FetchedIcon {
  bytes: Buffer;
  format: IconFormat;
  /** Where it was in the container. */
  path: string;
}

/** The app's icon, copied out of the container; null when it has none that Toolshed can use. */
export async function fetchIcon(ctx: FilesContext, containerId: string, icon: string | undefined): Promise<FetchedIcon | null> {
  if (!icon || /[\0\n]/.test(icon)) return null;
  let out: string;
  try {
    out = await execScript(ctx, containerId, ICON_FETCH_SCRIPT, [icon]);
  } catch (error) {
    ctx.log(`icon ${icon} of ${containerId.slice(0, 12)}: ${String(error)}`);
    return null;
  }
  const newline = out.indexOf('\n');
  if (newline < 0) return null;
  const bytes = Buffer.from(out.slice(newline + 1).replace(/\s+/g, ''), 'base64');
  const format = detectIconFormat(bytes);
  return format ? { bytes, format, path: out.slice(0, newline) } : null;
}
