// Whether the create wizard is open, and what it was opened for: the toolbar
// opens the form; one-click create opens it straight into a create.
import { create } from 'zustand';

export interface WizardRequest {
  /** Start creating at once (one-click create), with Toolbx's defaults. */
  autoStart?: { name: string; image: string };
}

interface WizardState {
  open: boolean;
  request: WizardRequest;
  /** Changes on every open, so the wizard starts fresh. */
  session: number;
}

export const useWizard = create<WizardState>(() => ({ open: false, request: {}, session: 0 }));

export function openCreateWizard(request: WizardRequest = {}): void {
  useWizard.setState((s) => ({ open: true, request, session: s.session + 1 }));
}

export function closeCreateWizard(): void {
  useWizard.setState({ open: false, request: {} });
}
