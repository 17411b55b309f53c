import { useState } from 'react';
import { settingsSchema, type Settings, type SettingsReport } from '../../shared/contract';
import { closeSettings, saveSettings, useSettingsScreen } from '../state/settings';
import { useHostTools } from '../state/openWith';
import { HostCommandsPanel } from './HostCommandsPanel';
import { BackgroundSection } from './BackgroundSection';
import { ModalDialog } from './ModalDialog';

// per-toolbox auto-stop is set in each toolbox's details, not here
type Draft = { [K in Exclude<keyof Settings, 'autoStopByToolbox'>]: string | boolean };
type ToolboxChoice = 'detect' | 'none' | 'path';

/** What is wrong with a typed value, checked with the contract's own schema, or null. */
function problemOf<K extends keyof Settings>(key: K, value: Settings[K]): string | null {
  const checked = settingsSchema.shape[key].safeParse(value);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'not a valid value');
}

const toDraft = ({ autoStopByToolbox: _perToolbox, ...values }: Settings): Draft => ({
  ...values,
  autoStopSeconds: values.autoStopSeconds === null ? '' : String(values.autoStopSeconds / 60),
  hostname: values.hostname ?? '',
  toolboxBinary: values.toolboxBinary ?? '',
  preferredTerminal: values.preferredTerminal ?? '',
  terminalFontSize: String(values.terminalFontSize),
  updateCheckHours: String(values.updateCheckHours),
  upgradeConcurrency: String(values.upgradeConcurrency),
});

/** A typed whole number: NaN when empty (the schema then says what is wrong). */
const typedNumber = (value: string | boolean) => (String(value).trim() === '' ? Number.NaN : Number(value));

/** Every setting of settings.json, validated as typed (Escape closes, Enter saves). */
export function SettingsDialog() {
  const open = useSettingsScreen((s) => s.open);
  const report = useSettingsScreen((s) => s.report);
  return (
    <ModalDialog open={open} onEscape={closeSettings} className="confirm settings-dialog" labelledBy="settings-title">
      {open && (report ? <SettingsForm report={report} /> : <p role="status">Reading the settings…</p>)}
    </ModalDialog>
  );
}

function SettingsForm({ report }: { report: SettingsReport }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(report.values));
  const [toolbox, setToolbox] = useState<ToolboxChoice>(report.values.toolboxBinary === null ? 'detect' : report.values.toolboxBinary === '' ? 'none' : 'path');
  const [saving, setSaving] = useState(false);
  const tools = useHostTools();

  const values: Settings = {
    ulimitHost: draft.ulimitHost === true,
    hostname: String(draft.hostname).trim() === '' ? null : String(draft.hostname).trim(),
    toolboxBinary: toolbox === 'detect' ? null : toolbox === 'none' ? '' : String(draft.toolboxBinary),
    launcherByDefault: draft.launcherByDefault === true,
    terminalFontSize: typedNumber(draft.terminalFontSize),
    terminalFontFamily: String(draft.terminalFontFamily),
    hostCommands: draft.hostCommands === true,
    updateCheckHours: typedNumber(draft.updateCheckHours),
    updateStartStopped: draft.updateStartStopped === true,
    upgradeConcurrency: typedNumber(draft.upgradeConcurrency),
    updateNotifications: draft.updateNotifications === true,
    preferredTerminal: String(draft.preferredTerminal) === '' ? null : String(draft.preferredTerminal),
    launchersOpenIn: draft.launchersOpenIn === 'terminal' ? 'terminal' : 'toolshed',
    // typed in minutes, kept in seconds; empty: never
    autoStopSeconds: String(draft.autoStopSeconds).trim() === '' ? null : Math.round(typedNumber(draft.autoStopSeconds) * 60),
    autoStopByToolbox: report.values.autoStopByToolbox,
    tabsThroughToolbox: draft.tabsThroughToolbox === true,
  };
  const problems: Partial<Record<keyof Settings, string | null>> = {
    hostname: problemOf('hostname', values.hostname),
    toolboxBinary: toolbox === 'path' ? problemOf('toolboxBinary', values.toolboxBinary) : null,
    terminalFontSize: problemOf('terminalFontSize', values.terminalFontSize),
    terminalFontFamily: problemOf('terminalFontFamily', values.terminalFontFamily),
    updateCheckHours: problemOf('updateCheckHours', values.updateCheckHours),
    upgradeConcurrency: problemOf('upgradeConcurrency', values.upgradeConcurrency),
    autoStopSeconds: problemOf('autoStopSeconds', values.autoStopSeconds) && 'From a second (0.02) to a week (10080 minutes), or empty for never.',
  };
  const changed = (Object.keys(values) as (keyof Settings)[]).filter((key) => values[key] !== report.values[key]);
  const valid = Object.values(problems).every((p) => p === null || p === undefined);
  const set = (key: keyof Draft, value: string | boolean) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    if (!valid || changed.length === 0) return;
    setSaving(true);
    const ok = await saveSettings(Object.fromEntries(changed.map((key) => [key, values[key]])) as Partial<Settings>);
    if (!ok) setSaving(false);
  };

  const field = (key: keyof Settings, label: string, hint: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`setting-${key}`}>{label}</label>
      {input}
      <p className="muted" id={`setting-${key}-hint`}>
        {hint}
      </p>
      <p className="field-problem" role="alert" id={`setting-${key}-problem`}>
        {problems[key] ?? ''}
      </p>
    </div>
  );
  const textInput = (key: keyof Draft, extra: Record<string, unknown> = {}) => (
    <input
      id={`setting-${key}`}
      value={String(draft[key])}
      aria-invalid={Boolean(problems[key])}
      aria-describedby={`setting-${key}-hint setting-${key}-problem`}
      onChange={(e) => set(key, e.target.value)}
      {...extra}
    />
  );

  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <h2 id="settings-title">Settings</h2>
      {report.problems.length > 0 && (
        <div className="banner error" role="alert">
          <p>Some saved settings could not be used:</p>
          <ul>
            {report.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>New toolboxes</legend>
        <label className="toggle">
          <input type="checkbox" checked={draft.ulimitHost === true} onChange={(e) => set('ulimitHost', e.target.checked)} />
          <span>
            Pass <code>--ulimit host</code> when creating (Toolbx does; some virtual machines refuse it)
          </span>
        </label>
        {field(
          'hostname',
          'Hostname inside new toolboxes',
          "Empty: the one the host's toolbox uses (toolbx; toolbox before 0.0.99.6).",
          textInput('hostname', { spellCheck: false, placeholder: 'as Toolbx does' }),
        )}
        <div className="field" role="radiogroup" aria-labelledby="setting-toolbox-label">
          <span id="setting-toolbox-label">Entry point of new toolboxes</span>
          <label className="toggle">
            <input type="radio" name="toolbox" checked={toolbox === 'detect'} onChange={() => setToolbox('detect')} />
            The host&apos;s toolbox binary when there is one, else Toolshed&apos;s own init
          </label>
          <label className="toggle">
            <input type="radio" name="toolbox" checked={toolbox === 'none'} onChange={() => setToolbox('none')} />
            Always Toolshed&apos;s own init
          </label>
          <label className="toggle">
            <input type="radio" name="toolbox" checked={toolbox === 'path'} onChange={() => setToolbox('path')} />
            This toolbox binary:
          </label>
          {toolbox === 'path' && textInput('toolboxBinary', { 'aria-label': 'Path of the toolbox binary', placeholder: '/usr/bin/toolbox', spellCheck: false })}
          <p className="field-problem" role="alert">
            {problems.toolboxBinary ?? ''}
          </p>
        </div>
        <label className="toggle">
          <input type="checkbox" checked={draft.launcherByDefault === true} onChange={(e) => set('launcherByDefault', e.target.checked)} />
          Add every new toolbox to the applications menu
        </label>
      </fieldset>
      <fieldset>
        <legend>Toolboxes nobody uses</legend>
        {field(
          'autoStopSeconds',
          'Stop a toolbox this many minutes after its last session ended',
          "Empty: never. A session is anything run in the toolbox with podman exec: a Toolshed tab, toolbox enter in another terminal, an exported app, an upgrade; Toolshed's own checks are not. A toolbox you start without opening anything stays until a session has come and gone. A program left running in the background (nohup, a service started inside) does not count, and ends with the stop. Each toolbox can have its own, in its details.",
          textInput('autoStopSeconds', { type: 'number', min: 0, step: 'any', inputMode: 'decimal', placeholder: 'never' }),
        )}
      </fieldset>
      <fieldset>
        <legend>Sessions</legend>
        <BackgroundSection />
      </fieldset>
      <fieldset>
        <legend>Terminal</legend>
        {field('terminalFontSize', 'Font size', '6 to 48.', textInput('terminalFontSize', { type: 'number', min: 6, max: 48, inputMode: 'numeric' }))}
        {field('terminalFontFamily', 'Font', 'A CSS font list, e.g. "DejaVu Sans Mono", monospace.', textInput('terminalFontFamily', { spellCheck: false }))}
        <label className="toggle">
          <input type="checkbox" checked={draft.tabsThroughToolbox === true} onChange={(e) => set('tabsThroughToolbox', e.target.checked)} />
          <span>
            Open Toolbx tabs through the host&apos;s <code>toolbox run</code>, as Toolbx asks terminals to (what a newer toolbox adds comes along); off, or
            without a host toolbox: Toolshed&apos;s own <code>podman exec</code>, as <code>toolbox enter</code> runs it
          </span>
        </label>
      </fieldset>
      <fieldset>
        <legend>Your own tools</legend>
        {field(
          'preferredTerminal',
          '"Open in terminal" uses',
          tools ? `Found here: ${tools.terminals.map((t) => t.name).join(', ') || 'none'}.` : 'Looking for the terminals installed here…',
          <select
            id="setting-preferredTerminal"
            aria-describedby="setting-preferredTerminal-hint"
            value={String(draft.preferredTerminal)}
            onChange={(e) => set('preferredTerminal', e.target.value)}
          >
            <option value="">The first one found</option>
            {(tools?.terminals ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
            {draft.preferredTerminal !== '' && !tools?.terminals.some((t) => t.id === draft.preferredTerminal) && (
              <option value={String(draft.preferredTerminal)}>{String(draft.preferredTerminal)} (not found here)</option>
            )}
          </select>,
        )}
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.launchersOpenIn === 'terminal'}
            onChange={(e) => set('launchersOpenIn', e.target.checked ? 'terminal' : 'toolshed')}
          />
          A toolbox's menu entry opens it in that terminal, not in a Toolshed tab
        </label>
      </fieldset>
      <fieldset>
        <legend>Updates</legend>
        {field(
          'updateCheckHours',
          'Check running toolboxes for updates every (hours)',
          '0: only when you ask. The check refreshes the package lists as root, without changing anything.',
          textInput('updateCheckHours', { type: 'number', min: 0, max: 720, inputMode: 'numeric' }),
        )}
        <label className="toggle">
          <input type="checkbox" checked={draft.updateStartStopped === true} onChange={(e) => set('updateStartStopped', e.target.checked)} />
          Also start stopped toolboxes to check them (and stop them again)
        </label>
        <label className="toggle">
          <input type="checkbox" checked={draft.updateNotifications === true} onChange={(e) => set('updateNotifications', e.target.checked)} />
          Notify me when a scheduled check finds updates
        </label>
        {field(
          'upgradeConcurrency',
          'Upgrade all: toolboxes at once',
          '1 to 8.',
          textInput('upgradeConcurrency', { type: 'number', min: 1, max: 8, inputMode: 'numeric' }),
        )}
      </fieldset>
      <fieldset>
        <legend>Host commands</legend>
        <label className="toggle">
          <input type="checkbox" checked={draft.hostCommands === true} onChange={(e) => set('hostCommands', e.target.checked)} />
          Let toolboxes run commands on the host with <code>toolshed-host</code> while Toolshed runs
        </label>
        <HostCommandsPanel />
      </fieldset>
      <p className="muted">
        Kept in <code>{report.file}</code>.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={closeSettings}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!valid || changed.length === 0 || saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
