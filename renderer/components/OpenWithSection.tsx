import { useEffect, useState } from 'react';
import type { ContainerSummary, EditorPlan, HostTool } from '../../shared/contract';
import { canUse } from '../../shared/domain/containerKinds';
import { openFiles, openInEditor, openInTerminal, planEditor, useHostTools } from '../state/openWith';
import { ModalDialog } from './ModalDialog';

/** A toolbox's "Open in": the host's terminal, an editor attached to it, the file manager (only what is installed). */
export function OpenWithSection({ container, busy }: { container: ContainerSummary; busy: boolean }) {
  const tools = useHostTools();
  const [editor, setEditor] = useState<HostTool | undefined>();
  if (!tools || !canUse(container, 'terminal')) return null;
  const terminal = tools.terminals.find((t) => t.id === tools.terminal);
  if (!terminal && tools.editors.length === 0 && !tools.fileManager) return null;
  return (
    <div className="actions open-with" role="group" aria-label="Open in your own tools">
      {terminal && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void openInTerminal(container, terminal.id)}
          title={`toolbox enter ${container.name}, in a ${terminal.name} window`}
        >
          Open in {terminal.name}
        </button>
      )}
      {tools.editors.map((e) => (
        <button type="button" key={e.id} disabled={busy} onClick={() => setEditor(e)}>
          Open in {e.name}…
        </button>
      ))}
      {tools.fileManager && (
        <>
          <button
            type="button"
            disabled={busy}
            onClick={() => void openFiles(container, 'root')}
            title="The toolbox's own files (/usr, /etc…), as its processes see them"
          >
            Its files
          </button>
          <button type="button" disabled={busy} onClick={() => void openFiles(container, 'home')} title="Your home, which the toolbox shares with the host">
            Home folder
          </button>
        </>
      )}
      {editor && <EditorDialog container={container} editor={editor} onClose={() => setEditor(undefined)} />}
    </div>
  );
}

/** What opening in the editor writes, shown whole before anything is; Cancel writes nothing. */
function EditorDialog({ container, editor, onClose }: { container: ContainerSummary; editor: HostTool; onClose: () => void }) {
  const [usePodman, setUsePodman] = useState(false);
  const [plan, setPlan] = useState<EditorPlan | undefined>();
  const [working, setWorking] = useState(false);
  // the plan for what is ticked now (a plan that fails to come says why and closes)
  useEffect(() => {
    let current = true;
    void planEditor(container, editor.id, usePodman).then((shown) => current && (shown ? setPlan(shown) : onClose()));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [container.id, editor.id, usePodman]);
  const open = async () => {
    if (!plan) return;
    setWorking(true);
    if (await openInEditor(container, editor.id, usePodman, plan)) onClose();
    else setWorking(false);
  };
  return (
    <ModalDialog open onEscape={onClose} className="confirm editor-dialog" labelledBy="editor-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <h2 id="editor-title">
          Open {container.name} in {editor.name}
        </h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={usePodman}
            onChange={(e) => {
              setPlan(undefined);
              setUsePodman(e.target.checked);
            }}
          />
          Also point Dev Containers at podman (a setting of yours, for every container)
        </label>
        {!plan ? (
          <p role="status">Reading your editor's files…</p>
        ) : (
          <>
            {plan.changes.length === 0 ? (
              <p>Nothing to write: your editor's files already say so.</p>
            ) : (
              plan.changes.map((change) => (
                <section key={change.path} className="file-change" aria-label={`Change to ${change.path}`}>
                  <p>
                    {change.before === null ? 'New file' : 'Changes'} <code>{change.path}</code>: {change.why}
                  </p>
                  {change.before !== null && (
                    <details>
                      <summary>What it holds now</summary>
                      <pre>{change.before}</pre>
                    </details>
                  )}
                  <pre aria-label="What it will hold">{change.after}</pre>
                </section>
              ))
            )}
            {plan.notes.map((note) => (
              <p key={note} className="muted">
                {note}
              </p>
            ))}
            <p className="muted">
              Runs <code>{plan.argv.join(' ')}</code>
            </p>
          </>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!plan || working}>
            {plan && plan.changes.length > 0 ? 'Write and open' : 'Open'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
