// The Electron window's security settings, read from the module that sets
// them (no Electron binary needed), and the CSP both shells send.
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../electron/main/windowOptions.js';
import { grantsPermission } from '../../electron/main/permissions.js';
import { isWebLink } from '../../shared/links.js';
import { contentSecurityPolicy } from '../../shared/csp.js';

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
  it('isolates and sandboxes the renderer', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });
});

describe('content security policy', () => {
  const directives = Object.fromEntries(
    contentSecurityPolicy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  it('allows scripts from the app only, without eval', () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(directives['default-src']).toEqual(["'self'"]);
  });
  it('names no remote origin and forbids framing and plugins', () => {
    expect(contentSecurityPolicy).not.toMatch(/https?:|\*/);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('external links', () => {
  it('hands only web pages to the system browser', () => {
    expect(isWebLink('https://containertoolbx.org/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'toolshed://open/x', 'smb://host/share', 'not a url']) {
      expect(isWebLink(url)).toBe(false);
    }
  });
});

describe('permissions', () => {
  it("grants the clipboard and notifications to the app's own window only", () => {
    for (const permission of ['clipboard-sanitized-write', 'notifications']) {
      expect(grantsPermission(permission, 'app://toolshed/index.html', true), permission).toBe(true);
      expect(grantsPermission(permission, 'app://toolshed/index.html', false), `${permission} in a subframe`).toBe(false);
      expect(grantsPermission(permission, 'https://evil.example/', true), `${permission} elsewhere`).toBe(false);
      expect(grantsPermission(permission, undefined, true)).toBe(false);
    }
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
      expect(grantsPermission(permission, 'app://toolshed/index.html', true), permission).toBe(false);
    }
  });
});
