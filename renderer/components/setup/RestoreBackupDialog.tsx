import { useMemo, useState } from 'react';
import { absolutePathSchema } from '../../../shared/contract';
import { newToolboxNameProblem } from '../../../shared/domain/newToolbox';
import { restoreBackup } from '../../state/setup';
import { errorMessage } from '../../state/notices';
import { useStore } from '../../state/store';
import { ModalDialog } from '../ModalDialog';
import { ChoosePathButton } from '../ChoosePathButton';
import { pathUseProblem } from '../../model/pathProblems';
import { usePathFacts } from '../../state/hostPaths';

/** A backup file (Back up to a file…) made a toolbox again, under a name of the user's choice. */
export function RestoreBackupDialog({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  /** Why the last try failed, here in the dialog (a notice would be hidden behind it). */
  const [failure, setFailure] = useState<string | undefined>();
  const containers = useStore((s) => s.containers);
  const takenNames = useMemo(() => containers.map((c) => c.name), [containers]);

  const fileCheck = absolutePathSchema.safeParse(file);
  const typed = usePathFacts([file]);
  const fileProblem =
    file && !fileCheck.success ? `${fileCheck.error.issues[0]?.message ?? 'not a valid path'}.` : pathUseProblem('existingFile', typed.get(file));
  const nameProblem = name ? newToolboxNameProblem(name, takenNames) : null;
  const restoring = message !== undefined;
  const ready = file && name && !fileProblem && !nameProblem && !restoring;

  return (
    <ModalDialog
      open
      onEscape={() => {
        if (!restoring) onClose();
      }}
      className="confirm"
      labelledBy="restore-backup-title"
    >
      <h2 id="restore-backup-title">Restore a backup</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          setMessage('Reading the backup…');
          setFailure(undefined);
          void restoreBackup(file, name, setMessage, (error) => setFailure(errorMessage(error))).then((made) => (made ? onClose() : setMessage(undefined)));
        }}
      >
        <p className="muted">A file made by “Back up to a file…” becomes a toolbox again, with what was installed in it and its setup.</p>
        <label htmlFor="restore-file">Backup file (on this machine)</label>
        <input
          id="restore-file"
          autoFocus
          value={file}
          spellCheck={false}
          placeholder="/home/you/toolbox-backup.tar"
          aria-invalid={Boolean(fileProblem)}
          onChange={(e) => setFile(e.target.value)}
        />
        <ChoosePathButton purpose="openFile" title="Choose the backup file" value={file} onChoose={setFile} disabled={restoring} />
        {fileProblem && (
          <p className="field-problem" role="alert">
            {fileProblem}
          </p>
        )}
        <label htmlFor="restore-name">Name of the restored toolbox</label>
        <input id="restore-name" value={name} spellCheck={false} aria-invalid={Boolean(nameProblem)} onChange={(e) => setName(e.target.value)} />
        {nameProblem && (
          <p className="field-problem" role="alert">
            {nameProblem}
          </p>
        )}
        {failure && !restoring && (
          <p className="field-problem" role="alert">
            {failure}
          </p>
        )}
        {restoring && (
          <p className="progress" role="status">
            <span className="spinner" aria-hidden="true" /> {message}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={restoring}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!ready}>
            Restore
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
