// The user's settings, kept as JSON in $XDG_CONFIG_HOME/toolshed/settings.json.
// TOOLSHED_ULIMIT_HOST=0 in the environment turns `--ulimit host` off by
// default, for machines that refuse it (like this project's CI).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settingsSchema, type Api, type Settings } from '../../shared/contract.js';
import type { EngineContext } from './engineContext.js';
import { DEFAULT_TERMINAL_FONT } from '../../shared/terminal.js';
import { xdgConfigHome } from './xdgDirs.js';

export function defaultSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    ulimitHost: env.TOOLSHED_ULIMIT_HOST !== '0',
    hostname: 'toolbx',
    toolboxBinary: null,
    launcherByDefault: false,
    terminalFontSize: DEFAULT_TERMINAL_FONT.size,
    terminalFontFamily: DEFAULT_TERMINAL_FONT.family,
  };
}

export class SettingsStore {
  private readonly file: string;
  private value: Settings;

  constructor(env: NodeJS.ProcessEnv, configDir?: string) {
    const base = configDir ?? path.join(xdgConfigHome(env), 'toolshed');
    this.file = path.join(base, 'settings.json');
    const defaults = defaultSettings(env);
    let saved: unknown = {};
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // no file yet, or unreadable: defaults
    }
    // a saved value that no longer validates falls back to its default, one key at a time
    const checked = settingsSchema.partial().safeParse(saved);
    this.value = { ...defaults, ...(checked.success ? stripUndefined(checked.data) : {}) };
  }

  get(): Settings {
    return { ...this.value };
  }

  update(changes: Partial<Settings>): Settings {
    this.value = { ...this.value, ...stripUndefined(changes) };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.value, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    return this.get();
  }
}

function stripUndefined<T extends object>(value: T): Partial<Settings> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<Settings>;
}

export function settingsApi(ctx: Pick<EngineContext, 'settings'>): Pick<Api, 'getSettings' | 'updateSettings'> {
  return {
    getSettings: async () => ctx.settings.get(),
    updateSettings: async (changes) => ctx.settings.update(changes as Partial<Settings>),
  };
}
