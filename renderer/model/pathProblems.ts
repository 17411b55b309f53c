// What a typed path must be for the field it is in, said as the user types:
// the engine tells what the path is on its machine (describePath), these rules
// say what is wrong with it, in the engine's own words. DOM-free, unit-tested.
import type { CallResults } from '../../shared/contract.js';

export type PathFacts = CallResults['describePath'];

/** What a field's path must be: a folder (or file) to share, a new file to write, a file to read. */
export type PathUse = 'share' | 'newFile' | 'existingFile';

/** Why the path cannot be used so (null: it can, or it is not known yet). */
export function pathUseProblem(use: PathUse, facts: PathFacts | undefined): string | null {
  if (!facts) return null;
  const { path, kind, parent } = facts;
  switch (use) {
    case 'share':
      return kind === 'missing' ? `${path} does not exist on this machine.` : null;
    case 'newFile':
      if (kind !== 'missing') return `${path} already exists: Toolshed never overwrites a file; choose another name.`;
      return parent === 'folder' ? null : `The folder ${path.slice(0, path.lastIndexOf('/')) || '/'} does not exist.`;
    case 'existingFile':
      return kind === 'file' ? null : kind === 'missing' ? `There is no file ${path}.` : `${path} is not a file.`;
  }
}
