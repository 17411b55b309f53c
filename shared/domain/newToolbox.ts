// A new toolbox's name: the grammar and uniqueness as the user types, and the
// name Toolbx would give a toolbox of the chosen image.
import { catalogueContainerName, catalogueMatch } from './catalogue.js';
import { containerNameForImage } from './defaultToolbox.js';
import { containerNameProblem } from './names.js';

/** Why a new toolbox may not have this name, or null. Names are unique across all of podman's containers. */
export function newToolboxNameProblem(name: string, takenNames: Iterable<string>): string | null {
  const problem = containerNameProblem(name);
  if (problem) return problem;
  for (const taken of takenNames) if (taken === name) return `A container named "${name}" already exists: choose another name.`;
  return null;
}

/** Toolbx's name for a toolbox of this image: `<distro>-toolbox-<release>` for a catalogue image, else from the image's name and tag. */
export function suggestedToolboxName(reference: string): string | undefined {
  const match = catalogueMatch(reference);
  if (match) return catalogueContainerName(match.entry, match.release.release);
  // an image id names nothing worth copying
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference)) return undefined;
  return containerNameForImage(reference);
}
