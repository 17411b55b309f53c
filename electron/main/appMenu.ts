// The application menu. Without one, Electron's default applies, and its
// Ctrl+W (close the window, ending every tab's shell), Ctrl+R (reload) and
// Ctrl+Shift+I (developer tools) are not what a Toolshed user means.
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  /** Quit, after the window has asked about busy tabs. */
  quit(): void;
  /** Close the window, after it has asked about busy tabs. */
  closeWindow(): void;
  openDocs(url: string): void;
  /** In development only: the window's developer tools, from the menu (no Ctrl+Shift+I, a key a terminal user presses). */
  toggleDevTools?: () => void;
}

export function appMenuTemplate(actions: AppMenuActions): MenuItemConstructorOptions[] {
  return [
    {
      label: '&File',
      submenu: [
        // no accelerator: Ctrl+Shift+W closes a terminal tab
        { label: 'Close Window', click: () => actions.closeWindow() },
        { type: 'separator' },
        { label: '&Quit', accelerator: 'CommandOrControl+Q', click: () => actions.quit() },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(actions.toggleDevTools ? [{ type: 'separator' as const }, { label: 'Toggle Developer Tools', click: actions.toggleDevTools }] : []),
      ],
    },
    {
      label: '&Help',
      submenu: [{ label: 'Toolbx Documentation', click: () => actions.openDocs('https://containertoolbx.org/') }],
    },
  ];
}
