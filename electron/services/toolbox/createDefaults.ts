// The create form's defaults, read the way Toolbx reads them: the host's
// os-release, then toolbox.conf (system-wide, then the user's).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CreateDefaults } from '../../../shared/contract.js';
import { resolveCreateDefaults } from '../../../shared/domain/defaultToolbox.js';
import { parseOsRelease } from '../../../shared/domain/osRelease.js';
import { mergeToolboxConf, parseToolboxConf } from '../../../shared/domain/toolboxConf.js';
import { xdgConfigHome } from '../xdgDirs.js';

const readText = (file: string) => readFile(file, 'utf8').catch(() => undefined);

/** `root` lets tests read a fake host tree. */
export async function readCreateDefaults(env: NodeJS.ProcessEnv, root = '/'): Promise<CreateDefaults> {
  const at = (file: string) => path.join(root, file);
  const osRelease = (await readText(at('/etc/os-release'))) ?? (await readText(at('/usr/lib/os-release'))) ?? '';
  const confFiles = [at('/etc/containers/toolbox.conf'), at(path.join(xdgConfigHome(env), 'containers/toolbox.conf'))];
  const confs = await Promise.all(confFiles.map(async (file) => parseToolboxConf((await readText(file)) ?? '')));
  return resolveCreateDefaults(parseOsRelease(osRelease), mergeToolboxConf(...confs));
}
