// The distro logos (assets/logos/, see LICENSES.md there), bundled by Vite.
import { catalogueEntry } from '../../../shared/domain/catalogue';

const files = import.meta.glob<string>('../../../assets/logos/*.svg', { eager: true, query: '?url', import: 'default' });
const GENERIC = '../../../assets/logos/generic.svg';

export function logoUrl(file: string): string {
  return files[`../../../assets/logos/${file}`] ?? files[GENERIC] ?? '';
}

/** The logo of a distro id (a catalogue entry), else the generic box. */
export function distroLogoUrl(distro: string | undefined): string {
  const entry = distro ? catalogueEntry(distro) : undefined;
  return logoUrl(entry?.logo ?? 'generic.svg');
}
