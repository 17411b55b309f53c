import { useRef, useState } from 'react';
import type { BlueprintReading } from '../../../shared/contract';
import { applyBlueprint, fetchBlueprint, readBlueprint } from '../../state/blueprints';
import { ModalDialog } from '../ModalDialog';
import { StepsLog, useSteps } from './StepsLog';

/**
 * Make toolboxes from a blueprint: pasted, opened from a file or fetched from a
 * URL; read and shown whole, with every command it runs as root, before the
 * user approves; then made step by step, the steps kept to look at afterwards.
 */
export function BlueprintDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [source, setSource] = useState<string | undefined>();
  const [reading, setReading] = useState<BlueprintReading | undefined>();
  const steps = useSteps();
  const file = useRef<HTMLInputElement>(null);

  const look = async (blueprint = text) => setReading(await readBlueprint(blueprint));
  /** A blueprint from elsewhere replaces the text, and is read at once. */
  const load = async (loaded: string | undefined, from: string) => {
    if (loaded === undefined) return;
    setText(loaded);
    setSource(from);
    await look(loaded);
  };
  const make = () =>
    steps.run(async (onStep) => {
      const made = await applyBlueprint(text, onStep);
      return `Made ${made.map((c) => c.name).join(', ')}.`;
    });
  const usable = reading !== undefined && reading.problems.length === 0 && reading.toolboxes.length > 0;
  const editing = steps.phase === 'idle';

  return (
    <ModalDialog open onEscape={() => steps.phase !== 'working' && onClose()} className="confirm blueprint-dialog" labelledBy="blueprint-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (editing) void (usable ? make() : look());
        }}
      >
        <h2 id="blueprint-title">Make toolboxes from a blueprint</h2>
        {editing && (
          <>
            <div className="blueprint-sources" role="group" aria-label="Where the blueprint comes from">
              <button type="button" onClick={() => file.current?.click()}>
                Open a file…
              </button>
              <input
                ref={file}
                type="file"
                accept=".ini,.conf,.txt,text/plain"
                hidden
                aria-label="Blueprint file"
                onChange={(e) => {
                  const chosen = e.target.files?.[0];
                  e.target.value = '';
                  if (chosen) void chosen.text().then((loaded) => load(loaded, chosen.name));
                }}
              />
              <label htmlFor="blueprint-url">or a URL</label>
              <input id="blueprint-url" type="url" placeholder="https://…/distrobox.ini" value={url} onChange={(e) => setUrl(e.target.value)} />
              <button type="button" disabled={!/^https?:\/\/./i.test(url)} onClick={() => void fetchBlueprint(url).then((loaded) => load(loaded, url))}>
                Fetch
              </button>
            </div>
            <label htmlFor="blueprint-text">Blueprint (a distrobox.ini works as it is){source ? `: ${source}` : ''}</label>
            <textarea
              id="blueprint-text"
              rows={10}
              spellCheck={false}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setSource(undefined);
                setReading(undefined);
              }}
            />
            {reading && <BlueprintReadingView reading={reading} />}
          </>
        )}
        <StepsLog steps={steps} failedNote="Nothing is left of what it made; a toolbox it was to replace is back as it was." />
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={steps.phase === 'working'}>
            {steps.phase === 'done' || steps.phase === 'failed' ? 'Close' : 'Cancel'}
          </button>
          {editing && (
            <button type="submit" className="primary" disabled={text.trim() === ''}>
              {usable ? `Make ${reading.toolboxes.length === 1 ? reading.toolboxes[0]!.name : `${reading.toolboxes.length} toolboxes`}` : 'Read it'}
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}

const listed = (label: string, items: readonly string[]) => items.length > 0 && <p>{`${label}: ${items.join(' ')}`}</p>;

/** What the blueprint makes, with each command it runs as root set apart, what it does not apply, and its problems. */
function BlueprintReadingView({ reading }: { reading: BlueprintReading }) {
  return (
    <div className="blueprint-reading" aria-label="What it makes">
      {reading.toolboxes.map((toolbox) => (
        <section key={toolbox.name} aria-label={`Toolbox ${toolbox.name}`}>
          <h3>
            {toolbox.name}{' '}
            <span className="muted">
              from {toolbox.image ?? '?'}
              {toolbox.pull ? ' (pulled first)' : ''}
            </span>
          </h3>
          {toolbox.replace && (
            <p role="note">
              Replaces the toolbox named {toolbox.name} if there is one: a snapshot of it is taken first, and it is removed once the new one is made.
            </p>
          )}
          {listed('Packages', toolbox.packages)}
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
          {toolbox.hostname && <p>Hostname {toolbox.hostname}</p>}
          {toolbox.ulimitHost !== undefined && <p>--ulimit host: {toolbox.ulimitHost ? 'yes' : 'no'}</p>}
          {listed("Apps in the host's menu", toolbox.exportedApps)}
          {listed("Programs on the host's PATH", toolbox.exportedBins)}
          {listed("The host's programs inside", toolbox.hostPrograms)}
          {toolbox.startNow && <p>Started once made.</p>}
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
