import { useEffect, useMemo, useState } from 'react';
import type { ContainerSummary, SetupInfo } from '../../../shared/contract';
import { formatBytes } from '../../../shared/domain/units';
import { advancedProblems } from '../../model/advancedOptions';
import { formToSetup, hostnameProblem, setupChanges, setupToForm, type SetupForm } from '../../model/setupChanges';
import { editSetup, loadSetup } from '../../state/setup';
import { errorMessage } from '../../state/notices';
import { useStore } from '../../state/store';
import { AdvancedOptions } from '../create/AdvancedOptions';
import { ModalDialog } from '../ModalDialog';
import { usePathFacts } from '../../state/hostPaths';

/** "Edit setup": a toolbox's folders, variables, limits and hostname, changed without losing what is installed in it. */
export function SetupDialog({ container, onClose }: { container: ContainerSummary; onClose: () => void }) {
  const [info, setInfo] = useState<SetupInfo | undefined>();
  const [form, setForm] = useState<SetupForm | undefined>();
  const [applying, setApplying] = useState(false);
  /** Why the last Apply failed, in the engine's words; cleared by the next change to the form. */
  const [failure, setFailure] = useState<string | undefined>();
  const progress = useStore((s) => s.progress[container.id]);

  useEffect(() => {
    let current = true;
    void loadSetup(container).then((loaded) => {
      if (!current) return;
      if (!loaded) return onClose();
      setInfo(loaded);
      setForm(setupToForm(loaded.setup));
    });
    return () => {
      current = false;
    };
    // the dialog is for one container, opened once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const hostPaths = usePathFacts(form?.advanced.volumes.map((v) => v.hostPath) ?? []);
  const problems = useMemo(() => {
    const found = form ? advancedProblems(form.advanced, hostPaths) : { volumes: [], env: [] };
    // the engine's refusal beside the folder it is about ("/srv/x does not exist on this machine.")
    const about =
      failure && form
        ? form.advanced.volumes.findIndex((v) => (v.hostPath && failure.includes(v.hostPath)) || (v.containerPath && failure.includes(v.containerPath)))
        : -1;
    if (about >= 0 && failure) found.volumes[about] ??= failure;
    return found;
  }, [form, failure, hostPaths]);
  const edit = (next: SetupForm) => {
    setFailure(undefined);
    setForm(next);
  };
  const nameProblem = form ? hostnameProblem(form.hostname) : null;
  const invalid = Boolean(nameProblem) || problems.volumes.some(Boolean) || problems.env.some(Boolean);
  const changes = info && form && !invalid ? setupChanges(info.setup, formToSetup(form, info.setup)) : [];

  const apply = async () => {
    if (!info || !form || invalid || changes.length === 0) return;
    setApplying(true);
    const made = await editSetup(container, formToSetup(form, info.setup), changes, info.sizeBytes, (error) => setFailure(errorMessage(error)));
    setApplying(false);
    if (made) onClose();
  };

  return (
    <ModalDialog
      open
      onEscape={() => {
        if (!applying) onClose();
      }}
      className="confirm setup-dialog"
      labelledBy="setup-title"
    >
      <h2 id="setup-title">Setup of {container.name}</h2>
      {!info && <p role="status">Reading the setup…</p>}
      {info?.notEditable && <p role="alert">{info.notEditable}</p>}
      {info && form && !info.notEditable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <p className="muted">
            {info.source === 'inspected' ? 'Read from the container (the toolbox CLI made it): what it has beyond what Toolbx sets up. ' : ''}
            Applying saves what is installed{info.sizeBytes !== undefined ? ` (${formatBytes(info.sizeBytes)} changed since its image)` : ''} and makes the
            toolbox again with this setup.
          </p>
          <AdvancedOptions open state={form.advanced} problems={problems} onChange={(advanced) => edit({ ...form, advanced })} ulimitSetting={undefined} />
          <label htmlFor="setup-hostname">Hostname</label>
          <input
            id="setup-hostname"
            type="text"
            placeholder="the toolbox version's (toolbox or toolbx)"
            value={form.hostname}
            spellCheck={false}
            aria-invalid={Boolean(nameProblem)}
            onChange={(e) => edit({ ...form, hostname: e.target.value })}
          />
          {nameProblem && (
            <p className="field-problem" role="alert">
              {nameProblem}
            </p>
          )}
          <h3>Changes</h3>
          {changes.length ? (
            <ul className="changes" aria-label="Changes">
              {changes.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{invalid ? 'Correct the fields marked above.' : 'Nothing changed yet.'}</p>
          )}
          {failure && !applying && (
            <p className="field-problem" role="alert">
              The setup of {container.name} was not changed: {failure}
            </p>
          )}
          {applying && (
            <p className="progress" role="status">
              <span className="spinner" aria-hidden="true" /> {progress || 'Waiting for confirmation…'}
            </p>
          )}
          <div className="dialog-buttons">
            <button type="button" onClick={onClose} disabled={applying}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={applying || invalid || changes.length === 0}>
              {applying ? 'Applying…' : 'Apply…'}
            </button>
          </div>
        </form>
      )}
      {info?.notEditable && (
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      )}
    </ModalDialog>
  );
}
