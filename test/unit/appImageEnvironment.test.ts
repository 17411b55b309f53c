// What an AppImage adds to the environment stays out of host shells, toolbox
// tabs and host commands (electron/main/appImageEnvironment.ts), and so does Electron's CHROME_DESKTOP.
import { describe, expect, it } from 'vitest';
import { userEnvironment } from '../../electron/main/appImageEnvironment.js';

// an AppImage's runtime and AppRun, as electron-builder's AppImages start Toolshed
const APPDIR = '/tmp/.mount_ToolshAbC123';
const fromAppImage = {
  HOME: '/home/ada',
  APPDIR,
  APPIMAGE: '/home/ada/Applications/Toolshed-0.1.0-x86_64.AppImage',
  ARGV0: './Toolshed-0.1.0-x86_64.AppImage',
  OWD: '/home/ada',
  CHROME_DESKTOP: 'toolshed.desktop',
  PATH: `${APPDIR}:${APPDIR}/usr/sbin:/home/ada/.local/bin:/usr/local/bin:/usr/bin:/bin`,
  LD_LIBRARY_PATH: `${APPDIR}/usr/lib:`,
  XDG_DATA_DIRS: `./share/:${APPDIR}/usr/share:/usr/local/share/:/usr/share/`,
  LANG: 'de_DE.UTF-8',
};

describe('userEnvironment', () => {
  it("takes out the AppImage's variables and its folders, keeping the user's", () => {
    expect(userEnvironment(fromAppImage)).toEqual({
      HOME: '/home/ada',
      PATH: '/home/ada/.local/bin:/usr/local/bin:/usr/bin:/bin',
      XDG_DATA_DIRS: '/usr/local/share/:/usr/share/',
      LANG: 'de_DE.UTF-8',
    });
  });

  it('keeps a folder that only starts like the mount, and a CHROME_DESKTOP the user set', () => {
    const env = userEnvironment({ ...fromAppImage, PATH: `${APPDIR}:${APPDIR}x/bin:/usr/bin`, CHROME_DESKTOP: 'org.gnome.Terminal.desktop' });
    expect(env.PATH).toBe(`${APPDIR}x/bin:/usr/bin`);
    expect(env.CHROME_DESKTOP).toBe('org.gnome.Terminal.desktop');
  });

  it("outside an AppImage, takes out Electron's CHROME_DESKTOP only", () => {
    expect(userEnvironment({ PATH: './bin:/usr/bin', APPDIR: '/somewhere', CHROME_DESKTOP: 'toolshed.desktop' })).toEqual({
      PATH: './bin:/usr/bin',
      APPDIR: '/somewhere',
    });
  });
});
