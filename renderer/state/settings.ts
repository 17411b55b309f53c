// The settings screen's state: whether it is open, what the engine reports
// (values, defaults, problems with the saved file), and saving changes, after
// which the terminals take the new font.
import { create } from 'zustand';
import type { Settings, SettingsReport } from '../../shared/contract';
import { api } from '../api/connection';
import { notify, notifyError } from './notices';
import { useTerminals } from './terminals';
import { forgetHostTools } from './openWith';

interface SettingsScreen {
  open: boolean;
  report: SettingsReport | undefined;
}

export const useSettingsScreen = create<SettingsScreen>(() => ({ open: false, report: undefined }));

export async function openSettings(): Promise<void> {
  useSettingsScreen.setState({ open: true, report: undefined });
  try {
    useSettingsScreen.setState({ report: await api().describeSettings({}) });
  } catch (error) {
    useSettingsScreen.setState({ open: false });
    notifyError(error, 'Could not read the settings');
  }
}

export function closeSettings(): void {
  useSettingsScreen.setState({ open: false, report: undefined });
}

/** Saves the changed settings; true when saved. */
export async function saveSettings(changes: Partial<Settings>): Promise<boolean> {
  try {
    const saved = await api().updateSettings(changes);
    useTerminals.setState({ fontSize: saved.terminalFontSize, fontFamily: saved.terminalFontFamily });
    forgetHostTools();
    notify('info', 'Settings saved.');
    closeSettings();
    return true;
  } catch (error) {
    notifyError(error, 'Could not save the settings');
    return false;
  }
}
