import { useState } from 'react';
import type { BlueprintReading } from '../../shared/contract';
import { errorMessage } from '../state/notices';
import { applyBlueprint, readBlueprint } from '../state/blueprints';
import { ModalDialog } from './ModalDialog';

/** Make toolboxes from a blueprint: paste it, read what it makes and every command it runs as root, then approve. */
export function BlueprintDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [reading, setReading] = useState<BlueprintReading | undefined>();
  const [steps, setSteps] = useState<string[]>([]);
  const [phase, setPhase] = useState<'editing' | 'making' | 'made' | 'failed'>('editing');
  const [failure, setFailure] = useState<string | undefined>();

  const look = async () => setReading(await readBlueprint(text));
  const make = async () => {
    setPhase('making');
    setSteps([]);
    try {
      const made = await applyBlueprint(text, (event) => event.step !== 'pull' && setSteps((s) => [...s, event.message]));
      setSteps((s) => [...s, `Made ${made.map((c) => c.name).join(', ')}.`]);
      setPhase('made');
    } catch (error) {
      setFailure(errorMessage(error));
      setPhase('failed');
    }
  };
  const usable = reading !== undefined && reading.problems.length === 0 && reading.toolboxes.length > 0;

  return (
    <ModalDialog open onEscape={() => phase !== 'making' && onClose()} className="confirm blueprint-dialog" labelledBy="blueprint-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (phase === 'editing') void (usable ? make() : look());
        }}
      >
        <h2 id="blueprint-title">Make toolboxes from a blueprint</h2>
        {phase === 'editing' && (
          <>
            <label htmlFor="blueprint-text">Blueprint (a distrobox.ini works as it is)</label>
            <textarea
              id="blueprint-text"
              rows={10}
              spellCheck={false}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setReading(undefined);
              }}
            />
            {reading && <BlueprintReadingView reading={reading} />}
          </>
        )}
        {phase !== 'editing' && (
          <ol className="blueprint-steps" aria-label="Steps">
            {steps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        )}
        {phase === 'making' && (
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Making…
          </p>
        )}
        {phase === 'failed' && (
          <p role="alert" className="field-problem">
            {failure} Nothing is left of what it made.
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={phase === 'making'}>
            {phase === 'made' || phase === 'failed' ? 'Close' : 'Cancel'}
          </button>
          {phase === 'editing' && (
            <button type="submit" className="primary" disabled={text.trim() === ''}>
              {usable ? `Make ${reading.toolboxes.length === 1 ? reading.toolboxes[0]!.name : `${reading.toolboxes.length} toolboxes`}` : 'Read it'}
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}

/** What the blueprint makes, with each command it runs as root set apart, what it does not apply, and its problems. */
function BlueprintReadingView({ reading }: { reading: BlueprintReading }) {
  return (
    <div className="blueprint-reading" aria-label="What it makes">
      {reading.toolboxes.map((toolbox) => (
        <section key={toolbox.name} aria-label={`Toolbox ${toolbox.name}`}>
          <h3>
            {toolbox.name} <span className="muted">from {toolbox.image ?? '?'}</span>
          </h3>
          {toolbox.packages.length > 0 && <p>Packages: {toolbox.packages.join(' ')}</p>}
          {[...toolbox.preInitHooks, ...toolbox.initHooks].map((hook, index) => (
            <p key={index}>
              Runs as root inside: <code className="root-command">{hook}</code>
            </p>
          ))}
          {toolbox.volumes.map((v) => (
            <p key={v.containerPath}>
              Folder {v.hostPath} at {v.containerPath}
              {v.readOnly ? ' (read-only)' : ''}
            </p>
          ))}
          {toolbox.env.map((variable) => (
            <p key={variable.name}>
              Variable {variable.name}={variable.value}
            </p>
          ))}
          {toolbox.notApplied.map((n) => (
            <p key={`${n.line}-${n.key}`} className="muted">
              Not applied (line {n.line}): {n.key}: {n.why}
            </p>
          ))}
        </section>
      ))}
      {reading.problems.map((p) => (
        <p key={`${p.line}-${p.message}`} role="alert" className="field-problem">
          Line {p.line}: {p.message}
        </p>
      ))}
      {reading.problems.length === 0 && reading.toolboxes.some((t) => t.initHooks.length + t.preInitHooks.length > 0) && (
        <p className="muted">Hooks run once, when the toolbox is made.</p>
      )}
    </div>
  );
}
