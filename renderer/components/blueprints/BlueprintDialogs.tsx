import { showBlueprintDialog } from '../../state/blueprints';
import { useStore } from '../../state/store';
import { BlueprintDialog } from './BlueprintDialog';
import { ExportBlueprintDialog } from './ExportBlueprintDialog';
import { MoveReleaseDialog } from './MoveReleaseDialog';

/** The blueprint dialog asked for (make, export, move), above the details: a move renames the toolbox it was opened on. */
export function BlueprintDialogs() {
  const request = useStore((s) => s.blueprintDialog);
  const close = () => showBlueprintDialog(undefined);
  if (!request) return null;
  if (request.kind === 'make') return <BlueprintDialog onClose={close} />;
  if (request.kind === 'export') return <ExportBlueprintDialog container={request.container} onClose={close} />;
  return <MoveReleaseDialog container={request.container} onClose={close} />;
}
