import { useEffect, useState } from 'react';
import { programNameSchema, type ContainerSummary, type ExportedProgram, type ShimInfo } from '../../shared/contract';
import { byProgram } from '../../shared/domain/hostPrograms';
import { addShim, exportProgram, loadExportedPrograms, loadShims, removeShim, unexportProgram } from '../state/hostCommands';
import { canUse } from '../../shared/domain/containerKinds';

const problemOf = (name: string) => (name === '' ? null : (programNameSchema.safeParse(name).error?.issues[0]?.message ?? null));

/** A program name typed in, checked as typed; Enter or the button acts. */
function ProgramForm({
  id,
  label,
  action,
  busy,
  onSubmit,
  extra,
}: {
  id: string;
  label: string;
  action: string;
  busy: boolean;
  onSubmit: (name: string) => Promise<boolean>;
  extra?: React.ReactNode;
}) {
  const [name, setName] = useState('');
  const problem = problemOf(name.trim());
  const submit = async () => {
    if (busy || problem || !name.trim()) return;
    if (await onSubmit(name.trim())) setName('');
  };
  return (
    <form
      className="program-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={name}
        spellCheck={false}
        aria-invalid={Boolean(problem)}
        aria-describedby={`${id}-problem`}
        onChange={(e) => setName(e.target.value)}
      />
      {extra}
      <button type="submit" disabled={busy || Boolean(problem) || !name.trim()}>
        {action}
      </button>
      {problem && (
        <p className="field-problem" role="alert" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </form>
  );
}

/** Host programs inside the toolbox (shims through toolshed-host), and its programs exported to the host's ~/.local/bin. */
export function HostProgramsSection({ container }: { container: ContainerSummary }) {
  const name = container.name;
  // undefined: not asked for yet (reading them runs a command in the toolbox, so only on request)
  const [shims, setShims] = useState<ShimInfo[] | 'loading' | undefined>();
  const [exported, setExported] = useState<ExportedProgram[] | undefined>();
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void loadExportedPrograms(name).then((list) => current && setExported(list));
    return () => {
      current = false;
    };
  }, [name]);

  if (!canUse(container, 'hostPrograms')) return null;

  const busyWhile = async <T,>(work: () => Promise<T>): Promise<T> => {
    setBusy(true);
    try {
      return await work();
    } finally {
      setBusy(false);
    }
  };
  const add = (program: string) =>
    busyWhile(async () => {
      const shim = await addShim(name, program, replace);
      if (!shim) return false;
      // a shown list takes the new one in; one not shown yet is read whole (it may hold others)
      if (Array.isArray(shims)) setShims([...shims.filter((s) => s.program !== program), shim].sort(byProgram));
      else setShims(await loadShims(name));
      return true;
    });
  const exportOne = (program: string) =>
    busyWhile(async () => {
      const done = await exportProgram(name, program);
      if (done) setExported((list) => [...(list ?? []).filter((p) => p.program !== program), done]);
      return Boolean(done);
    });

  return (
    <section className="host-programs" aria-labelledby="host-programs-heading">
      <h3 id="host-programs-heading">Host programs</h3>
      {shims === undefined ? (
        <button
          type="button"
          className="link"
          onClick={() => {
            setShims('loading');
            void loadShims(name).then(setShims);
          }}
        >
          {container.state === 'running' ? `Show the host programs in ${name}…` : `Start ${name} and show its host programs…`}
        </button>
      ) : shims === 'loading' ? (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Reading the host programs of {name}…
        </p>
      ) : shims.length > 0 ? (
        <ul aria-label={`Host programs in ${name}`}>
          {shims.map((shim) => (
            <li key={shim.program}>
              <code>{shim.program}</code> runs on the host{shim.shadows ? ` (instead of ${shim.shadows})` : ''}{' '}
              <button
                type="button"
                className="link"
                disabled={busy}
                aria-label={`Remove the host program ${shim.program}`}
                onClick={() =>
                  void busyWhile(
                    async () =>
                      (await removeShim(name, shim.program)) &&
                      setShims((list) => (Array.isArray(list) ? list.filter((s) => s.program !== shim.program) : list)),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">
          No host programs in {name} yet: any toolbox can also run <code>toolshed-host COMMAND</code>.
        </p>
      )}
      <ProgramForm
        id={`shim-${name}`}
        label="Run this host program inside the toolbox"
        action="Add"
        busy={busy}
        onSubmit={add}
        extra={
          <label className="toggle">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Use the host&apos;s even when {name} has its own
          </label>
        }
      />
      <h4>Its programs on the host</h4>
      {exported && exported.length > 0 && (
        <ul aria-label={`Programs of ${name} on the host`}>
          {exported.map((program) => (
            <li key={program.program}>
              <code>{program.file}</code> runs <code>{program.target}</code>{' '}
              <button
                type="button"
                className="link"
                disabled={busy}
                aria-label={`Remove the exported ${program.program}`}
                onClick={() =>
                  void busyWhile(
                    async () => (await unexportProgram(name, program.program)) && setExported((list) => list?.filter((p) => p.program !== program.program)),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProgramForm id={`export-${name}`} label="Export a program of the toolbox to ~/.local/bin" action="Export" busy={busy} onSubmit={exportOne} />
    </section>
  );
}
