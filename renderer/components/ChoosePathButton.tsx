import type { PickPathRequest } from '../../shared/bridge';
import { absolutePathSchema } from '../../shared/contract';
import { pathPicker } from '../state/hostPaths';

interface ChoosePathButtonProps {
  purpose: PickPathRequest['purpose'];
  /** The chooser's title, and the button's accessible name. */
  title: string;
  /** The field's path now: the chooser opens there when it is one. */
  value: string;
  onChoose: (path: string) => void;
  disabled?: boolean;
}

/** "Choose…" beside a path field: the desktop's file chooser (none in a browser, where typing is the way). */
export function ChoosePathButton({ purpose, title, value, onChoose, disabled }: ChoosePathButtonProps) {
  const pick = pathPicker();
  if (!pick) return null;
  const choose = async () => {
    const chosen = await pick({ purpose, title, ...(absolutePathSchema.safeParse(value).success ? { defaultPath: value } : {}) });
    if (chosen) onChoose(chosen);
  };
  return (
    <button type="button" aria-label={title} disabled={disabled} onClick={() => void choose()}>
      Choose…
    </button>
  );
}
