// How a create ends: the new toolbox selected in the list, a short notice,
// the wizard closed, and a terminal tab opened in it.
import type { ContainerSummary } from '../../../shared/contract';
import { notify } from '../../state/notices';
import { useStore } from '../../state/store';
import { openTab } from '../../state/terminals';
import { closeCreateWizard } from './wizardStore';

export function finishCreate(created: ContainerSummary): void {
  useStore.setState({ selectedId: created.id });
  notify('info', `${created.name} is ready.`);
  closeCreateWizard();
  void openTab(created);
}
