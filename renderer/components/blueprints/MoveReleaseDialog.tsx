import { useMemo, useState } from 'react';
import type { ContainerSummary } from '../../../shared/contract';
import { imageRefSchema } from '../../../shared/contract';
import { nextRelease } from '../../../shared/domain/catalogue';
import { newToolboxNameProblem } from '../../../shared/domain/newToolbox';
import { moveToRelease } from '../../state/blueprints';
import { useStore } from '../../state/store';
import { ModalDialog } from '../ModalDialog';
import { StepsLog, useSteps } from './StepsLog';

/**
 * Moves a toolbox to a newer image (the catalogue's next release of its distro,
 * or any image): a snapshot first, then a new toolbox under its name with its
 * setup, exports and the packages the user installed; the old one is kept.
 */
export function MoveReleaseDialog({ container, onClose }: { container: ContainerSummary; onClose: () => void }) {
  const next = container.distro && container.release ? nextRelease(container.distro, container.release) : undefined;
  const [image, setImage] = useState(next?.reference ?? '');
  const [keepOldAs, setKeepOldAs] = useState(`${container.name}-${container.release ?? 'old'}`.slice(0, 64));
  const [missing, setMissing] = useState<string[] | undefined>();
  const steps = useSteps();
  const containers = useStore((s) => s.containers);
  const taken = useMemo(() => containers.map((c) => c.name), [containers]);

  const imageProblem = image.trim() === '' ? 'Which image?' : imageRefSchema.safeParse(image.trim()).error?.issues[0]?.message;
  const nameProblem = newToolboxNameProblem(keepOldAs, taken);
  const move = () =>
    steps.run(async (onStep) => {
      const moved = await moveToRelease(container, image.trim(), keepOldAs, onStep);
      setMissing(moved.missing);
      return `${container.name} is made from ${moved.container.image}; the old one is kept as ${moved.old.name}.`;
    });

  return (
    <ModalDialog open onEscape={() => steps.phase !== 'working' && onClose()} className="confirm blueprint-dialog" labelledBy="move-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (steps.phase === 'idle' && !imageProblem && !nameProblem) void move();
        }}
      >
        <h2 id="move-title">Move {container.name} to a new release</h2>
        {steps.phase === 'idle' && (
          <>
            <label htmlFor="move-image">New image</label>
            <input id="move-image" value={image} onChange={(e) => setImage(e.target.value)} spellCheck={false} aria-describedby="move-image-hint" />
            <p id="move-image-hint" className="muted">
              {next
                ? `The next release the catalogue knows of ${container.distro}: ${next.release}. Any image will do.`
                : `The catalogue knows no newer release of ${container.distro ?? 'its distro'} ${container.release ?? ''}: name the image.`}
            </p>
            {imageProblem && image !== '' && <p className="field-problem">{imageProblem}</p>}
            <label htmlFor="move-keep-as">Keep the old one as</label>
            <input id="move-keep-as" value={keepOldAs} onChange={(e) => setKeepOldAs(e.target.value)} spellCheck={false} />
            {nameProblem && <p className="field-problem">{nameProblem}</p>}
            <p>
              A snapshot of {container.name} is taken first. The new {container.name} gets its setup, its exported apps and programs, and the packages you
              installed in it; those the new release does not have are listed, not installed. Your home is shared with the host, so your dotfiles come along by
              themselves. The old toolbox is kept, stopped, as {keepOldAs || '…'} until you remove it.
            </p>
          </>
        )}
        <StepsLog steps={steps} failedNote={`${container.name} is as it was.`} />
        {missing && missing.length > 0 && <p role="note">Not in the new release: {missing.join(', ')}.</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} disabled={steps.phase === 'working'}>
            {steps.phase === 'done' || steps.phase === 'failed' ? 'Close' : 'Cancel'}
          </button>
          {steps.phase === 'idle' && (
            <button type="submit" className="primary" disabled={Boolean(imageProblem || nameProblem)}>
              Move
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}
