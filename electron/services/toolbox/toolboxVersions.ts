// What `toolbox create` and `toolbox enter` do differently from one release to
// the next, so a toolbox Toolshed makes, and a tab it opens, are what the
// host's own toolbox version would make and open (read from containers/toolbox:
// src/cmd/create.go createContainer, src/cmd/run.go, src/cmd/initContainer.go
// and src/pkg/utils/utils.go, at each release tag from 0.0.99.3 to 0.3).
// 0.0.99.4.1 and 0.0.99.5.1 only changed Go dependencies; 0.1.x changed
// nothing here. With no toolbox on the host, the newest release's behaviour
// is used (with Toolshed's own init script as the entry point).
import { versionLessThan } from './hostFacts.js';
import { preservedVariables } from './preservedEnv.js';

export interface ToolboxBehaviour {
  /** The release whose behaviour this is. */
  version: string;
  /** `--cgroupns host` right after `create` (0.0.99.4 on, with no podman version condition). */
  cgroupnsHost: boolean;
  /** `--hostname`: "toolbox" until 0.0.99.5, "toolbx" from 0.0.99.6. */
  hostname: 'toolbox' | 'toolbx';
  /** `init-container --monitor-host` after `--user` (until 0.0.99.4; a no-op since 0.0.99.5, then dropped). */
  monitorHost: boolean;
  /** TOOLBX_DELAY_ENTRY_POINT and TOOLBX_FAIL_ENTRY_POINT passed on from the caller's environment (0.0.99.6 on). */
  passesEntryPointHooks: boolean;
  /** `--home` and the home mount from $HOME when set (0.2 on), else from the passwd entry. */
  homeFromEnvironment: boolean;
  /** The host variables `toolbox enter` carries in (src/pkg/utils/utils.go preservedEnvironmentVariables). */
  preservedVariables: string[];
  /**
   * `toolbox enter` starts a `p11-kit server` on the host, so the host's CA certificates are trusted
   * inside, and passes P11_KIT_SERVER_ADDRESS (0.1.2 on, src/cmd/run.go startP11KitServer);
   * init-container points p11-kit's client module at it (configurePKCS11).
   */
  p11Kit: boolean;
}

/** The newest released toolbox: what a host without one gets. */
export const NEWEST_TOOLBOX = '0.3';
/** The oldest release Toolshed knows: what a toolbox of unknown version gets (its flags stay accepted later). */
export const OLDEST_TOOLBOX = '0.0.99.3';

/** The behaviour of `toolbox create` of this version; 'none': no toolbox on the host (the newest). */
export function toolboxBehaviour(version: string | 'none' | 'unknown'): ToolboxBehaviour {
  const release = version === 'none' ? NEWEST_TOOLBOX : version === 'unknown' ? OLDEST_TOOLBOX : version;
  const since = (first: string) => !versionLessThan(release, first);
  return {
    version: release,
    cgroupnsHost: since('0.0.99.4'),
    hostname: since('0.0.99.6') ? 'toolbx' : 'toolbox',
    monitorHost: !since('0.0.99.5'),
    passesEntryPointHooks: since('0.0.99.6'),
    homeFromEnvironment: since('0.2'),
    preservedVariables: preservedVariables(since),
    p11Kit: since('0.1.2'),
  };
}

/** The behaviour for these host facts: the host's toolbox (when it is the entry point), else the newest. */
export function behaviourForHost(toolbox: { version?: string } | undefined): ToolboxBehaviour {
  return toolboxBehaviour(toolbox ? (toolbox.version ?? 'unknown') : 'none');
}
