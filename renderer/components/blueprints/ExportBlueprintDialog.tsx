import { useEffect, useState } from 'react';
import type { CallResults, ContainerSummary } from '../../../shared/contract';
import { exportBlueprint } from '../../state/blueprints';
import { errorMessage } from '../../state/notices';
import { ModalDialog } from '../ModalDialog';

/** A toolbox said as a blueprint: shown whole, with what it does not carry, to copy or save as a file. */
export function ExportBlueprintDialog({ container, onClose }: { container: ContainerSummary; onClose: () => void }) {
  const [exported, setExported] = useState<CallResults['exportBlueprint'] | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    exportBlueprint(container).then(
      (result) => current && setExported(result),
      (error: unknown) => current && setFailure(errorMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [container]);

  const fileName = `${container.name}.ini`;
  // a download: the browser's (or Electron's) own "save as", the file never passes through the engine
  const save = () => {
    if (!exported) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([exported.text], { type: 'text/plain' }));
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    setSaved(`Saved as ${fileName} (where your downloads go).`);
  };
  const copy = () =>
    void navigator.clipboard?.writeText(exported?.text ?? '').then(
      () => setSaved('Copied.'),
      () => setSaved('The clipboard refused it: select the text and copy it.'),
    );

  return (
    <ModalDialog open onEscape={onClose} className="confirm blueprint-dialog" labelledBy="export-blueprint-title">
      <h2 id="export-blueprint-title">{container.name} as a blueprint</h2>
      {!exported && !failure && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Reading {container.name}: its setup, the packages you installed, its exports…
        </p>
      )}
      {failure && (
        <p role="alert" className="field-problem">
          {failure}
        </p>
      )}
      {exported && (
        <>
          <label htmlFor="export-blueprint-text">
            {fileName}: make it again with “From a blueprint…” or <code>toolshed blueprint apply {fileName}</code>
          </label>
          <textarea id="export-blueprint-text" rows={12} readOnly spellCheck={false} value={exported.text} />
          <p className="muted">
            {exported.packages.length > 0
              ? `${exported.packages.length} package${exported.packages.length === 1 ? '' : 's'} you installed beyond the image (${exported.manager}).`
              : 'No packages installed beyond the image.'}{' '}
            Your home is the host's: it is not in a blueprint, and needs none.
          </p>
          {exported.notes.map((note) => (
            <p key={note} role="note">
              {note}
            </p>
          ))}
          {saved && <p role="status">{saved}</p>}
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" disabled={!exported} onClick={copy}>
          Copy
        </button>
        <button type="button" className="primary" disabled={!exported} onClick={save} autoFocus>
          Save as a file…
        </button>
      </div>
    </ModalDialog>
  );
}
