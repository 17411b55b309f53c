// What a root host looks like to Toolshed's create (Debian 12 here: podman
// 4.3.1, the toolbox CLI 0.0.99.3), for unit tests to vary field by field.
import type { HostFacts } from '../../electron/services/toolbox/hostFacts.js';

export const rootFacts: HostFacts = {
  uid: 0,
  gid: 0,
  user: 'root',
  home: '/root',
  homeRealPath: '/root',
  shell: '/bin/bash',
  rootless: false,
  runtimeMount: '/run/toolbox',
  media: 'dir',
  mnt: 'dir',
  homeIsLink: false,
  runMedia: true,
  dbusSystemSocket: '/run/dbus/system_bus_socket',
  serviceSockets: [],
  profileToolboxSh: '/etc/profile.d/toolbox.sh',
  podmanVersion: '4.3.1',
  toolbox: { path: '/usr/bin/toolbox', version: '0.0.99.3' },
};
