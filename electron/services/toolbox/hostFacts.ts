// What `toolbox create` looks at on the host before it calls `podman create`:
// who the user is, where their home really is, which host paths and sockets
// exist, and which toolbox binary (if any) can be the container's entry point.
// Identity and versions are read once; the filesystem is looked at each time
// (a socket may appear when its service starts).
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import { hostAccount, type UserInfoReader } from '../hostAccount.js';
import { xdgRuntimeDir } from '../xdgDirs.js';

/** How a host directory that Toolbx links on image-based systems looks. */
export type LinkablePath = 'absent' | 'dir' | 'link';

export interface ToolboxBinary {
  path: string;
  /** From `toolbox --version`; undefined when it could not tell. */
  version?: string;
}

export interface HostFacts {
  uid: number;
  gid: number;
  user: string;
  /** The home directory as the passwd entry says (passed to init-container --home). */
  home: string;
  /** Its real path (bind-mounted at the same place). */
  homeRealPath: string;
  /** $HOME, when it is set to another folder that exists, and its real path (toolbox 0.2 and later use it). */
  environmentHome?: { home: string; realPath: string };
  shell: string;
  rootless: boolean;
  /** Bind-mounted at the same path: $XDG_RUNTIME_DIR when rootless, /run/toolbox as root. */
  runtimeMount: string;
  /** Passed into the container when rootless (init-container writes its stamp below it). */
  xdgRuntimeDir?: string;
  /** "link" when /media resolves to /run/media (init-container --media-link). */
  media: LinkablePath;
  /** "link" when /mnt resolves to /var/mnt (init-container --mnt-link). */
  mnt: LinkablePath;
  /** /home resolves to /var/home (init-container --home-link). */
  homeIsLink: boolean;
  runMedia: boolean;
  dbusSystemSocket?: string;
  /** Avahi, sssd-kcm and pcscd sockets that exist. */
  serviceSockets: string[];
  /** The host's /etc/profile.d/toolbox.sh (or /usr/share/profile.d/toolbox.sh). */
  profileToolboxSh?: string;
  podmanVersion: string;
  /** The host's toolbox binary, unless there is none or the settings say not to use it. */
  toolbox?: ToolboxBinary;
}

/** The sockets of the systemd units Toolbx asks about, at their usual paths. */
export const SERVICE_SOCKETS = ['/run/avahi-daemon/socket', '/run/.heim_org.h5l.kcm-socket', '/run/pcscd/pcscd.comm'];
const PROFILE_TOOLBOX_SH = ['/etc/profile.d/toolbox.sh', '/usr/share/profile.d/toolbox.sh'];
const DEFAULT_DBUS_SYSTEM_ADDRESS = 'unix:path=/var/run/dbus/system_bus_socket';

/** The socket path of the first `unix:path=` in a D-Bus address list (with its %xx escapes undone). */
export function dbusSocketPath(address: string | undefined): string | undefined {
  for (const entry of (address || DEFAULT_DBUS_SYSTEM_ADDRESS).split(';')) {
    const [transport, params = ''] = entry.split(/:(.*)/s);
    if (transport !== 'unix') continue;
    for (const pair of params.split(',')) {
      const [key, value] = pair.split(/=(.*)/s);
      if (key !== 'path' || !value) continue;
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** "toolbox version 0.0.99.3" -> "0.0.99.3". */
export function parseToolboxVersion(output: string): string | undefined {
  return /(\d+(?:\.\d+)+)/.exec(output)?.[1];
}

/** a < b for dotted numeric versions. */
export function versionLessThan(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

export interface HostFactsOptions {
  env: NodeJS.ProcessEnv;
  uid: number;
  podmanVersion: () => Promise<string>;
  /** Where the host's filesystem is (tests point this at a fake tree). */
  root?: string;
  /** The account (tests pass a fake one). */
  userInfo?: UserInfoReader;
}

export type ToolboxBinarySetting = string | null;

export class HostFactsSource {
  private identity: Promise<Pick<HostFacts, 'gid' | 'user' | 'home' | 'homeRealPath' | 'shell' | 'podmanVersion'>> | undefined;
  private readonly versions = new Map<string, Promise<string | undefined>>();
  private readonly root: string;

  constructor(private readonly options: HostFactsOptions) {
    this.root = path.resolve(options.root ?? '/');
  }

  /** The facts for a create, with the toolbox binary chosen by the setting (null: detect, "": none). */
  async gather(toolboxBinary: ToolboxBinarySetting): Promise<HostFacts> {
    const { env, uid } = this.options;
    const rootless = uid !== 0;
    const runtimeDir = xdgRuntimeDir(uid, env);
    const [identity, media, mnt, homeIsLink, runMedia, dbusSystemSocket, serviceSockets, profileToolboxSh, toolbox] = await Promise.all([
      this.identityFacts(),
      this.linkable('/media', '/run/media'),
      this.linkable('/mnt', '/var/mnt'),
      this.resolvesTo('/home', '/var/home'),
      this.exists('/run/media'),
      this.dbusSocket(),
      this.existing(SERVICE_SOCKETS),
      this.existing(PROFILE_TOOLBOX_SH).then((found) => found[0]),
      this.toolboxBinary(toolboxBinary),
    ]);
    const facts: HostFacts = {
      uid,
      ...identity,
      rootless,
      runtimeMount: rootless ? runtimeDir : '/run/toolbox',
      media,
      mnt,
      homeIsLink,
      runMedia,
      serviceSockets,
    };
    if (rootless) facts.xdgRuntimeDir = runtimeDir;
    if (dbusSystemSocket) facts.dbusSystemSocket = dbusSystemSocket;
    if (profileToolboxSh) facts.profileToolboxSh = profileToolboxSh;
    if (toolbox) facts.toolbox = toolbox;
    const envHome = env.HOME;
    if (envHome && path.isAbsolute(envHome) && envHome !== identity.home) {
      const realPath = await this.realHostPath(envHome).catch(() => undefined);
      if (realPath) facts.environmentHome = { home: envHome, realPath };
    }
    return facts;
  }

  private identityFacts() {
    this.identity ??= (async () => {
      const account = hostAccount(this.options.env, this.options.userInfo);
      const home = account.home;
      const homeRealPath = await this.realHostPath(home).catch(() => {
        throw new ToolshedError('NOT_FOUND', `Your home directory ${home} does not exist.`);
      });
      return {
        gid: account.gid,
        user: account.user,
        home,
        homeRealPath,
        shell: account.shell,
        podmanVersion: await this.options.podmanVersion(),
      };
    })();
    this.identity.catch(() => {
      this.identity = undefined; // try again next time
    });
    return this.identity;
  }

  private hostPath(file: string): string {
    return path.join(this.root, file);
  }

  /** A host path resolved through its links, as the host sees it. */
  private async realHostPath(file: string): Promise<string> {
    const real = await realpath(this.hostPath(file));
    if (this.root === '/') return real;
    const rootReal = await realpath(this.root);
    return `/${path.relative(rootReal, real)}`;
  }

  private exists(file: string): Promise<boolean> {
    return stat(this.hostPath(file)).then(
      () => true,
      () => false,
    );
  }

  private async existing(files: string[]): Promise<string[]> {
    const found = await Promise.all(files.map((file) => this.exists(file)));
    return files.filter((_, i) => found[i]);
  }

  private resolvesTo(file: string, target: string): Promise<boolean> {
    return this.realHostPath(file).then(
      (real) => real === target,
      () => false,
    );
  }

  private async linkable(file: string, target: string): Promise<LinkablePath> {
    if (!(await this.exists(file))) return 'absent';
    return (await this.resolvesTo(file, target)) ? 'link' : 'dir';
  }

  private async dbusSocket(): Promise<string | undefined> {
    const socket = dbusSocketPath(this.options.env.DBUS_SYSTEM_BUS_ADDRESS);
    if (!socket?.startsWith('/')) return undefined;
    return this.realHostPath(socket).catch(() => undefined);
  }

  /** The host's toolbox binary and its version, as the setting says (null: detect, "": none). */
  async toolboxBinary(setting: ToolboxBinarySetting): Promise<ToolboxBinary | undefined> {
    if (setting === '') return undefined;
    let found: string | undefined;
    if (setting === null) {
      found = await this.findOnPath('toolbox');
      if (!found) return undefined;
    } else {
      if (!(await this.isExecutable(setting))) {
        throw new ToolshedError(
          'NOT_FOUND',
          `The toolbox binary in Settings, ${setting}, does not exist or cannot be run.`,
          'Clear the setting to detect the toolbox binary, or choose "none" to use Toolshed\'s own init.',
        );
      }
      found = await this.realHostPath(setting);
    }
    const version = await this.toolboxVersion(found);
    return version ? { path: found, version } : { path: found };
  }

  private isExecutable(file: string): Promise<boolean> {
    const full = this.hostPath(file);
    return Promise.all([stat(full), access(full, constants.X_OK)]).then(
      ([info]) => info.isFile(),
      () => false,
    );
  }

  private async findOnPath(name: string): Promise<string | undefined> {
    for (const dir of (this.options.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
      if (!dir.startsWith('/')) continue; // relative PATH entries depend on the cwd: skip them
      const candidate = path.posix.join(dir, name);
      if (await this.isExecutable(candidate)) return this.realHostPath(candidate);
    }
    return undefined;
  }

  /** Cached per binary and modification time (an upgraded binary is asked again). */
  private async toolboxVersion(binary: string): Promise<string | undefined> {
    const key = `${binary}@${(await stat(this.hostPath(binary))).mtimeMs}`;
    let version = this.versions.get(key);
    if (!version) {
      version = new Promise((resolve) => {
        execFile(this.hostPath(binary), ['--version'], { env: this.options.env, timeout: 10_000 }, (error, stdout) => {
          resolve(error ? undefined : parseToolboxVersion(stdout));
        });
      });
      this.versions.set(key, version);
    }
    return version;
  }
}
