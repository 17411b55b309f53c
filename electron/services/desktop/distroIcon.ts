// The icon of a toolbox's launcher: the distro's logo from assets/logos (the
// tiles drawn for Toolshed's distro picker), else its generic tile, else (when
// the assets are missing) Toolshed's shed drawn here in the distro's colour
// with its initial on the door.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assetsDir } from '../packageFiles.js';

const DISTRO_COLOURS: Record<string, string> = {
  fedora: '#51a2da',
  rhel: '#cc0000',
  centos: '#932279',
  almalinux: '#0f4266',
  rockylinux: '#10b981',
  ubuntu: '#e95420',
  debian: '#a80030',
  arch: '#1793d1',
  archlinux: '#1793d1',
  opensuse: '#73ba25',
  alpine: '#0d597f',
  wolfi: '#4f46e5',
};
const DEFAULT_COLOUR = '#2f5d8a';

export function distroColour(distro: string | undefined): string {
  return (distro && DISTRO_COLOURS[distro.toLowerCase()]) || DEFAULT_COLOUR;
}

/** One letter for the door: the distro's initial, or "T" for an unknown distro. */
export function distroInitial(distro: string | undefined): string {
  const letter = distro?.match(/[a-z]/i)?.[0];
  return letter ? letter.toUpperCase() : 'T';
}

export function distroIconSvg(distro: string | undefined): string {
  const colour = distroColour(distro);
  const initial = distroInitial(distro);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect width="128" height="128" rx="24" fill="${colour}"/>
  <path d="M20 58 64 22l44 36v50a6 6 0 0 1-6 6H26a6 6 0 0 1-6-6z" fill="#f3efe6"/>
  <path d="M14 60 64 18l50 42" fill="none" stroke="#1e1f22" stroke-opacity="0.35" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>
  <rect x="38" y="58" width="52" height="50" rx="5" fill="#1e1f22"/>
  <text x="64" y="97" font-family="DejaVu Sans, Cantarell, sans-serif" font-size="40" font-weight="bold" text-anchor="middle" fill="${colour}">${initial}</text>
</svg>
`;
}

/** The SVG text of the launcher icon for a distro (as podman's labels name it: fedora, ubuntu, debian, …). */
export async function launcherIconSvg(env: NodeJS.ProcessEnv, distro: string | undefined): Promise<string> {
  const names = [...(distro && /^[a-z0-9]+$/.test(distro.toLowerCase()) ? [distro.toLowerCase()] : []), 'generic'];
  let logos: string;
  try {
    logos = path.join(assetsDir(env), 'logos');
  } catch {
    return distroIconSvg(distro);
  }
  for (const name of names) {
    try {
      const svg = await readFile(path.join(logos, `${name}.svg`), 'utf8');
      if (/<svg[\s>]/.test(svg) && svg.length < 256 * 1024) return svg;
    } catch {
      // not shipped: try the next
    }
  }
  return distroIconSvg(distro);
}
