import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CreateDefaults, ImageSummary } from '../../../shared/contract';
import { catalogueMatch } from '../../../shared/domain/catalogue';
import { parseImageReference } from '../../../shared/domain/imageRef';
import { newToolboxNameProblem, suggestedToolboxName } from '../../../shared/domain/newToolbox';
import { advancedProblems, emptyAdvanced, toCreateOptions, type AdvancedState } from '../../model/advancedOptions';
import { loadCreateDefaults, loadImages, loadUlimitSetting } from '../../state/creation';
import { useStore } from '../../state/store';
import { ModalDialog } from '../ModalDialog';
import { AdvancedOptions } from './AdvancedOptions';
import { CreateProgressView } from './CreateProgressView';
import { ImagePicker, type ImageChoice, type PickerState } from './ImagePicker';
import { finishCreate } from './afterCreate';
import { useCreateRun } from './useCreateRun';
import { closeCreateWizard, useWizard, type WizardRequest } from './wizardStore';
import './create.css';
import { usePathFacts } from '../../state/hostPaths';

/** The create wizard, a modal <dialog> (focus kept inside; Escape closes unless a create is under way). */
export function CreateDialog() {
  const open = useWizard((s) => s.open);
  const session = useWizard((s) => s.session);
  const request = useWizard((s) => s.request);
  const busy = useRef(false);

  return (
    // a running create is stopped with its own Cancel button, not by a stray Escape
    <ModalDialog
      open={open}
      onEscape={() => {
        if (!busy.current) closeCreateWizard();
      }}
      className="create-dialog"
      labelledBy="create-title"
    >
      {open && (
        <CreateWizard
          key={session}
          request={request}
          onBusy={(b) => {
            busy.current = b;
          }}
        />
      )}
    </ModalDialog>
  );
}

function CreateWizard({ request, onBusy }: { request: WizardRequest; onBusy: (busy: boolean) => void }) {
  const containers = useStore((s) => s.containers);
  const { run, start, cancel, reset } = useCreateRun();
  const [defaults, setDefaults] = useState<CreateDefaults | undefined>();
  // the list as loaded for one "show all" choice: a stale one reads as still loading
  const [loaded, setLoaded] = useState<{ all: boolean; images?: ImageSummary[]; error?: string } | undefined>();
  const [ulimitSetting, setUlimitSetting] = useState<boolean | undefined>();
  const [name, setName] = useState(request.autoStart?.name ?? '');
  const [nameEdited, setNameEdited] = useState(false);
  // set at the first key the user presses in the name: from then on nothing else writes the name
  const nameTouched = useRef(Boolean(request.autoStart));
  const [choice, setChoice] = useState<ImageChoice | undefined>();
  const [picker, setPicker] = useState<PickerState>({ tab: 'catalogue', releases: {}, custom: '', showAllImages: false });
  const [advanced, setAdvanced] = useState<AdvancedState>(emptyAdvanced);
  const [submitted, setSubmitted] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);
  const autoStarted = useRef(false);
  const userChose = useRef(false);
  const userMovedTab = useRef(false);

  const running = run.phase === 'running';
  useEffect(() => onBusy(running), [running, onBusy]);

  // one-click create: straight into the create, with Toolbx's defaults
  useEffect(() => {
    if (!request.autoStart || autoStarted.current) return;
    autoStarted.current = true;
    void start({ name: request.autoStart.name, image: request.autoStart.image }).then((created) => created && finishCreate(created));
  }, [request.autoStart, start]);

  useEffect(() => {
    let live = true;
    void loadCreateDefaults().then((d) => {
      if (!live) return;
      setDefaults(d);
      // the first choice: the one-click image, else toolbox.conf's or the host's default, unless the user already chose
      const image = request.autoStart?.image ?? d.image;
      if (!image) return;
      const match = catalogueMatch(image);
      if (userChose.current) return;
      // the defaults may come after the user went to another tab: they stay there
      const tab = userMovedTab.current ? {} : { tab: match ? ('catalogue' as const) : ('custom' as const) };
      setPicker((p) => (match ? { ...p, ...tab, releases: { ...p.releases, [match.entry.id]: match.release.release } } : { ...p, ...tab, custom: image }));
      setChoice({ source: match ? 'catalogue' : 'custom', reference: image });
      if (!nameTouched.current) setName(d.name ?? suggestedToolboxName(image) ?? '');
    });
    void loadUlimitSetting().then((setting) => live && setUlimitSetting(setting));
    return () => {
      live = false;
    };
  }, [request.autoStart]);

  useEffect(() => {
    let live = true;
    const all = picker.showAllImages;
    void loadImages(all).then((result) => live && setLoaded({ all, ...result }));
    return () => {
      live = false;
    };
  }, [picker.showAllImages]);
  const current = loaded?.all === picker.showAllImages ? loaded : undefined;
  const images = current?.images;
  const imagesError = current?.error;

  const localNames = useMemo(() => new Set((images ?? []).flatMap((i) => [...i.names, i.id])), [images]);

  const choose = (next: ImageChoice) => {
    userChose.current = true;
    setChoice(next);
    if (!nameTouched.current) setName(suggestedToolboxName(next.reference) ?? '');
  };

  // what the summary shows and Create uses: the choice made on the tab the user is on (none picked there: none)
  const picked = choice?.source === picker.tab ? choice : undefined;
  const nameProblem = newToolboxNameProblem(
    name,
    containers.map((c) => c.name),
  );
  const parsed = picked ? parseImageReference(picked.reference) : undefined;
  const imageProblem = !picked ? 'Choose an image.' : parsed && !parsed.ok ? parsed.problem : null;
  const hostPaths = usePathFacts(advanced.volumes.map((v) => v.hostPath));
  const optionProblems = advancedProblems(advanced, hostPaths);
  const optionsOk = [...optionProblems.volumes, ...optionProblems.env].every((p) => p === null);
  const canCreate = !nameProblem && !imageProblem && optionsOk;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!canCreate || !picked || !parsed?.ok) {
      if (nameProblem) nameField.current?.focus();
      return;
    }
    const options = toCreateOptions(advanced);
    const created = await start({ name, image: parsed.reference.text, ...(options ? { options } : {}) });
    if (created) finishCreate(created);
  };

  if (run.phase !== 'idle') {
    return (
      <div className="create-run">
        <h2 id="create-title">
          {run.phase === 'done'
            ? `Created ${run.name}`
            : run.phase === 'failed'
              ? `Could not create ${run.name}`
              : run.phase === 'cancelled'
                ? 'Create cancelled'
                : run.phase === 'lost'
                  ? `Creating ${run.name}: connection lost`
                  : `Creating ${run.name}`}
        </h2>
        <p className="muted create-image">
          from <code>{run.image}</code>
        </p>
        <CreateProgressView run={run} />
        <div aria-live="polite">
          {run.phase === 'failed' && run.error && (
            <div className="create-error" role="alert">
              <p>{run.error.message}</p>
              {run.error.detail && (
                <details>
                  <summary>Details</summary>
                  <pre>{run.error.detail}</pre>
                </details>
              )}
              {run.error.detail?.includes('was removed') && <p className="muted">Nothing was left behind: the half-made toolbox was removed.</p>}
            </div>
          )}
          {run.phase === 'lost' && (
            <div className="create-error" role="alert">
              <p>
                The connection to Toolshed was lost during the create, so how it ended is not known here. Toolshed checks what was left when it is back, and
                removes a half-made toolbox.
              </p>
            </div>
          )}
          {run.phase === 'cancelled' && (
            <p className="create-error" role="status">
              Cancelled. Nothing was created.
            </p>
          )}
        </div>
        <div className="dialog-buttons">
          {running ? (
            <button type="button" onClick={cancel} disabled={run.cancelling}>
              {run.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <>
              <button type="button" onClick={closeCreateWizard}>
                Close
              </button>
              {run.phase !== 'done' && (
                <button type="button" className="primary" autoFocus onClick={reset}>
                  Back to the form
                </button>
              )}
            </>
          )}
        </div>
      </div>
    );
  }

  const nameId = 'create-name';
  return (
    <form className="create-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="create-title">Create a toolbox</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          ref={nameField}
          id={nameId}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={name}
          aria-invalid={Boolean(nameProblem) && (nameEdited || submitted || name.length > 0)}
          aria-describedby={`${nameId}-problem`}
          onKeyDown={() => (nameTouched.current = true)}
          onPaste={() => (nameTouched.current = true)}
          onChange={(e) => {
            nameTouched.current = true;
            setName(e.target.value);
            setNameEdited(true);
          }}
        />
        <p className="field-problem" id={`${nameId}-problem`} role="alert">
          {nameProblem && (nameEdited || submitted || name.length > 0) ? nameProblem : ''}
        </p>
      </div>
      <ImagePicker
        choice={choice}
        onChoose={choose}
        picker={picker}
        onPicker={(update) => {
          if (update.tab) userMovedTab.current = true;
          setPicker((p) => ({ ...p, ...update }));
        }}
        images={images}
        imagesError={imagesError}
        hostDistro={defaults?.hostDistro}
        localNames={localNames}
      />
      <p className="chosen" aria-live="polite">
        {picked && !imageProblem ? (
          <>
            Image: <code>{picked.reference}</code>
            {localNames.has(picked.reference) ? ' — already downloaded' : ' — will be downloaded'}
          </>
        ) : submitted && imageProblem ? (
          <span className="field-problem">{imageProblem}</span>
        ) : (
          <span className="muted">Choose an image.</span>
        )}
      </p>
      <AdvancedOptions state={advanced} problems={optionProblems} onChange={setAdvanced} ulimitSetting={ulimitSetting} />
      <div className="dialog-buttons">
        <button type="button" onClick={closeCreateWizard}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!canCreate}>
          Create
        </button>
      </div>
    </form>
  );
}
