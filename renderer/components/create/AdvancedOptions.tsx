import { useId } from 'react';
import type { advancedProblems, AdvancedState, EnvRow, VolumeRow } from '../../model/advancedOptions';
import { plural } from '../../../shared/domain/units';
import { ChoosePathButton } from '../ChoosePathButton';

interface AdvancedOptionsProps {
  state: AdvancedState;
  /** advancedProblems(state), which the form also needs to allow Create. */
  problems: ReturnType<typeof advancedProblems>;
  onChange: (state: AdvancedState) => void;
  /** The ulimitHost setting (the default for this toolbox). */
  ulimitSetting: boolean | undefined;
  /** Shown unfolded (the setup editor), not behind "Advanced options". */
  open?: boolean;
}

/** Extra setup for the new toolbox: more folders, environment variables, the ulimit switch. */
export function AdvancedOptions({ state, problems, onChange, ulimitSetting, open }: AdvancedOptionsProps) {
  const id = useId();
  const setVolume = (index: number, update: Partial<VolumeRow>) =>
    onChange({ ...state, volumes: state.volumes.map((v, i) => (i === index ? { ...v, ...update } : v)) });
  const setEnv = (index: number, update: Partial<EnvRow>) =>
    onChange({ ...state, env: state.env.map((row, i) => (i === index ? { ...row, ...update } : row)) });
  const ulimit = state.ulimitHost ?? ulimitSetting ?? false;

  return (
    <details className="advanced" open={open}>
      <summary>
        Advanced options
        {state.volumes.length + state.env.length > 0 && (
          <span className="muted">
            {' '}
            ({plural(state.volumes.length, 'folder')}, {plural(state.env.length, 'variable')})
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
            <ChoosePathButton
              purpose="folder"
              title={`Choose host folder ${i + 1}`}
              value={volume.hostPath}
              onChoose={(hostPath) => setVolume(i, { hostPath })}
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
            <button
              type="button"
              className="link"
              aria-label={`Remove folder ${i + 1}`}
              onClick={() => onChange({ ...state, volumes: state.volumes.filter((_, j) => j !== i) })}
            >
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
            <input
              type="text"
              aria-label={`Variable value ${i + 1}`}
              placeholder="value"
              value={row.value}
              onChange={(e) => setEnv(i, { value: e.target.value })}
            />
            <button
              type="button"
              className="link"
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => onChange({ ...state, env: state.env.filter((_, j) => j !== i) })}
            >
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
