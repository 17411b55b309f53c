// The systemd user units of the background engine, checked by systemd itself
// (systemd-analyze verify): a socket in the runtime folder only the user can
// reach, and a service that runs this Toolshed's command line with `engine`,
// quoted for systemd (spaces and "%" in the program's path; "$" and quotes in
// its arguments); a program path systemd refuses is refused first, in words.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_SERVICE_UNIT, ENGINE_SOCKET_UNIT, engineServiceUnit, engineSocketUnit } from '../../electron/services/background/backgroundEngine.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-engine-units-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the background engine's systemd units", () => {
  it('listen in the runtime folder, run the command line with `engine`, and pass systemd-analyze verify', () => {
    const folder = path.join(scratch, 'Tool shed 100%');
    mkdirSync(folder);
    const program = path.join(folder, 'toolshed');
    writeFileSync(program, '#!/bin/sh\n');
    chmodSync(program, 0o755);
    const service = engineServiceUnit([program, '/opt/my $HOME "app"/bin/toolshed.js']);
    expect(service).toContain(`ExecStart="${scratch}/Tool shed 100%%/toolshed" "/opt/my $$HOME \\"app\\"/bin/toolshed.js" "engine"`);
    expect(service).toContain(`Requires=${ENGINE_SOCKET_UNIT}`);
    expect(engineSocketUnit()).toContain('ListenStream=%t/toolshed/engine.sock');
    expect(engineSocketUnit()).toContain('SocketMode=0600');
    const units = path.join(scratch, 'units');
    mkdirSync(units);
    writeFileSync(path.join(units, ENGINE_SOCKET_UNIT), engineSocketUnit());
    writeFileSync(path.join(units, ENGINE_SERVICE_UNIT), service);
    // what systemd finds wrong is printed (and makes it fail); an ExecStart it cannot run is among it
    const verified = execFileSync('systemd-analyze', ['verify', path.join(units, ENGINE_SOCKET_UNIT), path.join(units, ENGINE_SERVICE_UNIT)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(verified).toBe('');
  });

  it('are refused, in words, for a program whose path systemd cannot run', () => {
    expect(() => engineServiceUnit(['/opt/$money/toolshed'])).toThrow(/systemd cannot start Toolshed from "\/opt\/\$money\/toolshed"/);
    expect(() => engineServiceUnit(['toolshed'])).toThrow(/systemd cannot start Toolshed/);
  });
});
