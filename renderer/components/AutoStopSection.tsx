import { useEffect, useState } from 'react';
import type { ContainerSummary, Settings } from '../../shared/contract';
import { autoStopGraceSchema } from '../../shared/contract';
import { canUse } from '../../shared/domain/containerKinds';
import { loadAutoStopSettings, setAutoStop } from '../state/autoStop';

type Choice = 'default' | 'never' | 'after';

const minutes = (seconds: number) => `${Number((seconds / 60).toFixed(2))} min`;

/** A toolbox's own auto-stop: as in Settings, never, or after its own grace (typed in minutes). */
export function AutoStopSection({ container }: { container: ContainerSummary }) {
  const [settings, setSettings] = useState<Pick<Settings, 'autoStopSeconds' | 'autoStopByToolbox'> | undefined>();
  const [choice, setChoice] = useState<Choice>('default');
  const [typed, setTyped] = useState('');
  const [saved, setSaved] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    void loadAutoStopSettings().then((values) => {
      if (!current || !values) return;
      setSettings(values);
      const own = values.autoStopByToolbox[container.name];
      setChoice(own === undefined ? 'default' : own === null ? 'never' : 'after');
      setTyped(own ? String(own / 60) : '');
    });
    return () => {
      current = false;
    };
  }, [container.name]);

  if (!canUse(container, 'recreate') || !settings) return null;
  const seconds = Math.round(Number(typed) * 60);
  const problem =
    choice === 'after' && (typed.trim() === '' || !autoStopGraceSchema.safeParse(seconds).success) ? 'From 0.02 minutes (a second) to a week.' : null;
  const global = settings.autoStopSeconds === null ? 'never' : `after ${minutes(settings.autoStopSeconds)}`;
  const save = async () => {
    if (problem) return;
    const value = choice === 'default' ? 'default' : choice === 'never' ? null : seconds;
    if (await setAutoStop(container.name, value)) setSaved('Saved.');
  };

  return (
    <section className="auto-stop-section" aria-labelledby={`auto-stop-${container.id}`}>
      <h3 id={`auto-stop-${container.id}`}>When nobody uses it</h3>
      <form
        className="rename"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor={`auto-stop-choice-${container.id}`}>Stop {container.name}</label>
        <select
          id={`auto-stop-choice-${container.id}`}
          value={choice}
          onChange={(e) => {
            setChoice(e.target.value as Choice);
            setSaved(undefined);
          }}
        >
          <option value="default">as in Settings ({global})</option>
          <option value="never">never</option>
          <option value="after">after its last session, in…</option>
        </select>
        {choice === 'after' && (
          <input
            aria-label="Minutes after its last session"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setSaved(undefined);
            }}
          />
        )}
        <button type="submit" disabled={Boolean(problem)}>
          Save
        </button>
        {problem && <span className="field-problem">{problem}</span>}
        {saved && <span role="status">{saved}</span>}
      </form>
    </section>
  );
}
