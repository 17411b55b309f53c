// Where an extra folder may go in a toolbox: never over what Toolbx's
// init-container writes to (a host folder over /etc had its resolv.conf and
// localtime turned into links), nor over the system or what Toolbx shares.
import { describe, expect, it } from 'vitest';
import { containerPathProblem } from '../../shared/domain/containerPaths.js';
import { volumeSchema } from '../../shared/contract.js';
import { advancedProblems } from '../../renderer/model/advancedOptions.js';

describe('paths in a toolbox for an extra folder', () => {
  it('refuses /etc, the system, and what Toolbx shares with the host, with why', () => {
    for (const path of [
      '/etc',
      '/etc/',
      '/etc/resolv.conf',
      '//etc//ssl',
      '/usr',
      '/usr/local/share',
      '/lib64',
      '/run/host',
      '/run',
      '/tmp/x',
      '/proc',
      '/dev/shm',
      '/var/lib/dpkg',
      '/var/lib/flatpak',
      '/var/log/journal',
      '/var/mnt/disk',
    ]) {
      expect(containerPathProblem(path), path).toMatch(/where no folder can be mounted: .+\. Choose another path in the toolbox/);
    }
    expect(containerPathProblem('/etc')).toMatch(/^\/etc is under \/etc, where no folder can be mounted: Toolbx's set-up writes there/);
    for (const path of ['/', '/var', '/home', '/media', '/mnt']) expect(containerPathProblem(path), path).toMatch(/cannot take a folder/);
  });

  it('allows the rest, including under /home, /mnt, /media and /var', () => {
    for (const path of ['/opt/data', '/tsh-data', '/srv/www', '/home/me/projects', '/mnt/usb', '/media/disk', '/var/www', '/etcetera', '/usrdata'])
      expect(containerPathProblem(path), path).toBeNull();
  });

  it('is checked by the contract, and in the form (a host folder with no path given goes to the same path)', () => {
    expect(volumeSchema.safeParse({ hostPath: '/srv/x', containerPath: '/etc' }).success).toBe(false);
    expect(volumeSchema.safeParse({ hostPath: '/etc', containerPath: '/opt/host-etc' }).success).toBe(true);
    const { volumes } = advancedProblems({
      volumes: [
        { hostPath: '/etc/nginx', containerPath: '', readOnly: false },
        { hostPath: '/etc/nginx', containerPath: '/opt/nginx', readOnly: true },
      ],
      env: [],
      ulimitHost: undefined,
    });
    expect(volumes[0]).toMatch(/^Path in the toolbox: \/etc\/nginx is under \/etc/);
    expect(volumes[1]).toBeNull();
  });
});
