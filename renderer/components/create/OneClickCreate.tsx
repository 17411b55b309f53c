import { useEffect, useState } from 'react';
import type { CreateDefaults } from '../../../shared/contract';
import { catalogueMatch } from '../../../shared/domain/catalogue';
import { useStore } from '../../state/store';
import { loadCreateDefaults } from '../../state/creation';
import { distroLogoUrl } from './logos';
import { openCreateWizard } from './wizardStore';

/**
 * One click to the toolbox Toolbx would make (the host's distro and release,
 * or toolbox.conf's choice), shown while no toolbox exists.
 */
export function OneClickCreate() {
  const [defaults, setDefaults] = useState<CreateDefaults | undefined>();
  const nameTaken = useStore((s) => s.containers.some((c) => c.name === defaults?.name));

  useEffect(() => {
    let live = true;
    void loadCreateDefaults().then((d) => live && setDefaults(d));
    return () => {
      live = false;
    };
  }, []);

  if (!defaults) return null;
  const { name, image } = defaults;
  const usable = name && image && !nameTaken;
  const distro = (image && catalogueMatch(image)?.entry.id) ?? defaults.distro;
  return (
    <div className="one-click">
      <p>{usable ? 'Start with the toolbox Toolbx would make for this system:' : 'Create your first toolbox:'}</p>
      {usable ? (
        <button type="button" className="primary one-click-button" onClick={() => openCreateWizard({ autoStart: { name, image } })}>
          <img src={distroLogoUrl(distro)} alt="" width={24} height={24} />
          Create {name}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => openCreateWizard()}>
          Create a toolbox…
        </button>
      )}
      {usable && (
        <p className="muted">
          from <code>{image}</code>, or{' '}
          <button type="button" className="link" onClick={() => openCreateWizard()}>
            choose another image…
          </button>
        </p>
      )}
    </div>
  );
}
