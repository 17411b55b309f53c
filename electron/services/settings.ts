// The user's settings, kept as JSON in $XDG_CONFIG_HOME/toolshed/settings.json.
// Each saved key is checked on its own: a valid one is kept, a bad or unknown
// one is set aside and reported (the settings screen shows why), and unknown
// keys (a newer Toolshed's, say) are written back as they were. A file that
// cannot be read or parsed is never overwritten without a copy: the first
// save after such a load keeps the old file as settings.json.bak.
// TOOLSHED_ULIMIT_HOST=0 in the environment turns `--ulimit host` off by
// default, for machines that refuse it (like this project's CI), and
// TOOLSHED_UPDATE_CHECK_HOURS sets the default of scheduled update checks
// (the tests' engines say 0: no package manager runs unasked).
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { settingsSchema, type Api, type Settings, type SettingsReport } from '../../shared/contract.js';
import { DEFAULT_TERMINAL_FONT } from '../../shared/terminal.js';
import type { EngineContext } from './engineContext.js';
import { toDisposable, type Disposable } from '../../shared/disposable.js';
import { writePrivateFile } from './privateFile.js';
import { xdgConfigHome } from './xdgDirs.js';

/** Hours between scheduled update checks by default: daily, or what TOOLSHED_UPDATE_CHECK_HOURS says. */
function scheduledCheckHours(env: NodeJS.ProcessEnv): number {
  const hours = Number(env.TOOLSHED_UPDATE_CHECK_HOURS ?? 24);
  return Number.isInteger(hours) && hours >= 0 && hours <= 720 ? hours : 24;
}

export function defaultSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    ulimitHost: env.TOOLSHED_ULIMIT_HOST !== '0',
    hostname: null,
    toolboxBinary: null,
    launcherByDefault: false,
    terminalFontSize: DEFAULT_TERMINAL_FONT.size,
    terminalFontFamily: DEFAULT_TERMINAL_FONT.family,
    hostCommands: true,
    updateCheckHours: scheduledCheckHours(env),
    updateStartStopped: false,
    upgradeConcurrency: 2,
    updateNotifications: true,
    preferredTerminal: null,
    launchersOpenIn: 'toolshed',
    tabsThroughToolbox: true,
    autoStopSeconds: null,
    autoStopByToolbox: {},
  };
}

const KEYS = Object.keys(settingsSchema.shape) as (keyof Settings)[];
const isKey = (key: string): key is keyof Settings => (KEYS as string[]).includes(key);

interface Loaded {
  saved: Partial<Settings>;
  /** Keys this version does not know, kept as they were. */
  unknown: Record<string, unknown>;
  problems: string[];
  /** The file exists but its contents could not be used as a whole (unreadable, not JSON, not an object). */
  unusable: boolean;
}

function load(file: string): Loaded {
  const result: Loaded = { saved: {}, unknown: {}, problems: [], unusable: false };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    return { ...result, unusable: true, problems: [`${file} could not be read (${(error as Error).message}); the defaults are used.`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ...result,
      unusable: true,
      problems: [`${file} is not valid JSON; the defaults are used, and it is kept as settings.json.bak when you next save.`],
    };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ...result, unusable: true, problems: [`${file} does not hold an object of settings; the defaults are used.`] };
  }
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (!isKey(key)) {
      result.unknown[key] = value;
      result.problems.push(`"${key}" is not a setting this version of Toolshed knows; it is kept in the file and not used.`);
      continue;
    }
    const checked = settingsSchema.shape[key].safeParse(value);
    if (checked.success) (result.saved as Record<string, unknown>)[key] = checked.data;
    else result.problems.push(`"${key}": ${checked.error.issues[0]?.message ?? 'not a valid value'}; its default is used.`);
  }
  return result;
}

export class SettingsStore {
  private readonly file: string;
  private readonly defaults: Settings;
  private value: Settings;
  private unknown: Record<string, unknown>;
  private problems: string[];
  /** Keep a copy of the file before the first write (it held something that was not used). */
  private backUpFirst: boolean;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(env: NodeJS.ProcessEnv, configDir?: string, log: (message: string) => void = () => undefined) {
    const base = configDir ?? path.join(xdgConfigHome(env), 'toolshed');
    this.file = path.join(base, 'settings.json');
    this.defaults = defaultSettings(env);
    const loaded = load(this.file);
    this.value = { ...this.defaults, ...loaded.saved };
    this.unknown = loaded.unknown;
    this.problems = loaded.problems;
    this.backUpFirst = loaded.problems.length > 0;
    for (const problem of loaded.problems) log(`settings: ${problem}`);
  }

  get(): Settings {
    return { ...this.value };
  }

  /** Called after every saved change (what acts on a setting at once: the host-command agent). */
  onChange(listener: (settings: Settings) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  report(): SettingsReport {
    return { values: this.get(), defaults: { ...this.defaults }, problems: [...this.problems], file: this.file };
  }

  update(changes: Partial<Settings>): Settings {
    const next = { ...this.value, ...stripUndefined(changes) };
    if (this.backUpFirst) {
      try {
        copyFileSync(this.file, `${this.file}.bak`);
      } catch {
        // nothing there to keep
      }
    }
    writePrivateFile(this.file, `${JSON.stringify({ ...this.unknown, ...next }, null, 2)}\n`);
    this.value = next;
    this.backUpFirst = false;
    for (const listener of this.listeners) listener(this.get());
    // the bad values are gone from the file now; unknown keys are still there
    this.problems = this.problems.filter((problem) => Object.keys(this.unknown).some((key) => problem.startsWith(`"${key}"`)));
    return this.get();
  }
}

function stripUndefined<T extends object>(value: T): Partial<Settings> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<Settings>;
}

export function settingsApi(ctx: Pick<EngineContext, 'settings'>): Pick<Api, 'getSettings' | 'updateSettings' | 'describeSettings'> {
  return {
    getSettings: async () => ctx.settings.get(),
    updateSettings: async (changes) => ctx.settings.update(changes as Partial<Settings>),
    describeSettings: async () => ctx.settings.report(),
  };
}
