// How a create ends: the new toolbox selected in the list, a short notice,
// the wizard closed. (When terminal tabs land, this is where one opens.)
import type { ContainerSummary } from '../../../shared/contract';
import { notify, useStore } from '../../state/store';
import { closeCreateWizard } from './wizardStore';

export function finishCreate(created: ContainerSummary): void {
  useStore.setState({ selectedId: created.id });
  notify('info', `${created.name} is ready.`);
  closeCreateWizard();
}
