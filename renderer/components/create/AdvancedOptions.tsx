import { useId } from 'react';
import { absolutePathSchema, envVarSchema } from '../../../shared/contract';

export interface VolumeRow {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface EnvRow {
  name: string;
  value: string;
}

export interface AdvancedState {
  volumes: VolumeRow[];
  env: EnvRow[];
  /** undefined: follow the ulimitHost setting. */
  ulimitHost: boolean | undefined;
}

export const emptyAdvanced: AdvancedState = { volumes: [], env: [], ulimitHost: undefined };

function pathProblem(path: string, what: string): string | null {
  const result = absolutePathSchema.safeParse(path);
  return result.success ? null : `${what}: ${result.error.issues[0]?.message ?? 'not a valid path'}.`;
}

/** What is wrong with each row, by index (empty rows are ignored). */
export function advancedProblems(state: AdvancedState): { volumes: (string | null)[]; env: (string | null)[] } {
  const names = new Set<string>();
  return {
    volumes: state.volumes.map((v) => {
      if (!v.hostPath && !v.containerPath) return null;
      return pathProblem(v.hostPath, 'Host folder') ?? (v.containerPath ? pathProblem(v.containerPath, 'Path in the toolbox') : null);
    }),
    env: state.env.map((row) => {
      if (!row.name && !row.value) return null;
      const result = envVarSchema.safeParse(row);
      if (!result.success) return `${row.name || 'Variable'}: ${result.error.issues[0]?.message ?? 'not valid'}.`;
      if (names.has(row.name)) return `${row.name} is set twice.`;
      names.add(row.name);
      return null;
    }),
  };
}

/** The create options for the engine: filled-in rows only; ulimit only when it differs from the setting. */
export function toCreateOptions(state: AdvancedState) {
  const volumes = state.volumes
    .filter((v) => v.hostPath)
    .map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath || v.hostPath, ...(v.readOnly ? { readOnly: true } : {}) }));
  const env = state.env.filter((row) => row.name);
  const options = {
    ...(volumes.length ? { volumes } : {}),
    ...(env.length ? { env } : {}),
    ...(state.ulimitHost !== undefined ? { ulimitHost: state.ulimitHost } : {}),
  };
  return Object.keys(options).length ? options : undefined;
}

interface AdvancedOptionsProps {
  state: AdvancedState;
  onChange: (state: AdvancedState) => void;
  /** The ulimitHost setting (the default for this toolbox). */
  ulimitSetting: boolean | undefined;
}

/** Extra setup for the new toolbox: more folders, environment variables, the ulimit switch. */
export function AdvancedOptions({ state, onChange, ulimitSetting }: AdvancedOptionsProps) {
  const id = useId();
  const problems = advancedProblems(state);
  const setVolume = (index: number, update: Partial<VolumeRow>) =>
    onChange({ ...state, volumes: state.volumes.map((v, i) => (i === index ? { ...v, ...update } : v)) });
  const setEnv = (index: number, update: Partial<EnvRow>) => onChange({ ...state, env: state.env.map((row, i) => (i === index ? { ...row, ...update } : row)) });
  const ulimit = state.ulimitHost ?? ulimitSetting ?? false;

  return (
    <details className="advanced">
      <summary>
        Advanced options
        {state.volumes.length + state.env.length > 0 && (
          <span className="muted">
            {' '}
            ({state.volumes.length} folder{state.volumes.length === 1 ? '' : 's'}, {state.env.length} variable{state.env.length === 1 ? '' : 's'})
          </span>
        )}
      </summary>

      <fieldset>
        <legend>Extra folders</legend>
        <p className="muted">Your home folder is always shared. Add other host folders here.</p>
        {state.volumes.map((volume, i) => (
          <div className="option-row" key={i}>
            <input
              type="text"
              aria-label={`Host folder ${i + 1}`}
              placeholder="/srv/data"
              value={volume.hostPath}
              aria-invalid={Boolean(problems.volumes[i])}
              onChange={(e) => setVolume(i, { hostPath: e.target.value })}
            />
            <span aria-hidden="true">→</span>
            <input
              type="text"
              aria-label={`Path in the toolbox ${i + 1}`}
              placeholder="same path"
              value={volume.containerPath}
              aria-invalid={Boolean(problems.volumes[i])}
              onChange={(e) => setVolume(i, { containerPath: e.target.value })}
            />
            <label className="toggle">
              <input type="checkbox" checked={volume.readOnly} onChange={(e) => setVolume(i, { readOnly: e.target.checked })} />
              read-only
            </label>
            <button type="button" className="link" aria-label={`Remove folder ${i + 1}`} onClick={() => onChange({ ...state, volumes: state.volumes.filter((_, j) => j !== i) })}>
              Remove
            </button>
            {problems.volumes[i] && (
              <p className="field-problem" role="alert">
                {problems.volumes[i]}
              </p>
            )}
          </div>
        ))}
        <button type="button" onClick={() => onChange({ ...state, volumes: [...state.volumes, { hostPath: '', containerPath: '', readOnly: false }] })}>
          Add a folder
        </button>
      </fieldset>

      <fieldset>
        <legend>Environment variables</legend>
        {state.env.map((row, i) => (
          <div className="option-row" key={i}>
            <input
              type="text"
              aria-label={`Variable name ${i + 1}`}
              placeholder="NAME"
              spellCheck={false}
              value={row.name}
              aria-invalid={Boolean(problems.env[i])}
              onChange={(e) => setEnv(i, { name: e.target.value })}
            />
            <span aria-hidden="true">=</span>
            <input type="text" aria-label={`Variable value ${i + 1}`} placeholder="value" value={row.value} onChange={(e) => setEnv(i, { value: e.target.value })} />
            <button type="button" className="link" aria-label={`Remove variable ${i + 1}`} onClick={() => onChange({ ...state, env: state.env.filter((_, j) => j !== i) })}>
              Remove
            </button>
            {problems.env[i] && (
              <p className="field-problem" role="alert">
                {problems.env[i]}
              </p>
            )}
          </div>
        ))}
        <button type="button" onClick={() => onChange({ ...state, env: [...state.env, { name: '', value: '' }] })}>
          Add a variable
        </button>
      </fieldset>

      <fieldset>
        <legend>Limits</legend>
        <label className="toggle">
          <input type="checkbox" id={`${id}-ulimit`} checked={ulimit} onChange={(e) => onChange({ ...state, ulimitHost: e.target.checked })} />
          <span>
            Use the host&apos;s resource limits (<code>--ulimit host</code>, as Toolbx does)
          </span>
        </label>
        <p className="muted">
          {ulimitSetting === undefined ? '' : `Default from Settings: ${ulimitSetting ? 'on' : 'off'}. `}Some virtual machines refuse it; turn it off there.
        </p>
      </fieldset>
    </details>
  );
}
