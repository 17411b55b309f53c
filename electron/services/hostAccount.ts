// Who the user is on the host, for creates (init-container's --user/--home/--shell)
// and terminal tabs alike: like Toolbx, the name and home from the passwd entry
// and the shell from $SHELL, else the passwd entry's (newer Toolbx falls back
// the same way), else /bin/sh (what an empty passwd shell field means).
import os from 'node:os';

export interface HostAccount {
  uid: number;
  gid: number;
  user: string;
  home: string;
  shell: string;
}

export type UserInfoReader = () => { uid: number; gid: number; username: string; homedir: string; shell: string | null };

export function hostAccount(env: NodeJS.ProcessEnv, userInfo: UserInfoReader = () => os.userInfo()): HostAccount {
  const info = userInfo();
  return { uid: info.uid, gid: info.gid, user: info.username, home: info.homedir, shell: env.SHELL || info.shell || '/bin/sh' };
}
