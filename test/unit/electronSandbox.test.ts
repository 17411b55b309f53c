// `npm start` on a host whose AppArmor refuses unprivileged user namespaces
// (Ubuntu 23.10+) says what to do instead of Chromium's bare SUID message.
import { describe, expect, it } from 'vitest';
import { sandboxProblem } from '../../scripts/electronSandbox.js';

const io = (restrict: string | null, helper: { uid: number; mode: number } | null) => ({
  readFileSync: () => {
    if (restrict === null) throw new Error('ENOENT');
    return restrict;
  },
  statSync: () => {
    if (!helper) throw new Error('ENOENT');
    return helper;
  },
});

describe('sandboxProblem', () => {
  const electron = '/work/app/node_modules/electron/dist/electron';
  it('says nothing where user namespaces are not restricted', () => {
    expect(sandboxProblem(electron, io(null, null) as never)).toBeNull();
    expect(sandboxProblem(electron, io('0\n', null) as never)).toBeNull();
  });
  it('says nothing when the helper is set-uid root', () => {
    expect(sandboxProblem(electron, io('1\n', { uid: 0, mode: 0o104755 }) as never)).toBeNull();
  });
  it('names the helper and the commands when it is not', () => {
    const message = sandboxProblem(electron, io('1\n', { uid: 1000, mode: 0o100755 }) as never);
    expect(message).toContain("sudo chown root:root '/work/app/node_modules/electron/dist/chrome-sandbox'");
    expect(message).toContain('npm run serve');
    expect(sandboxProblem(electron, io('1\n', null) as never)).toContain('chmod 4755');
  });
});
