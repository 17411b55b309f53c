// "Edit setup" as typed: the form round-trips a setup, and the confirmation
// names exactly what changes.
import { describe, expect, it } from 'vitest';
import type { ToolboxSetup } from '../../../shared/contract.js';
import { formToSetup, hostnameProblem, setupChanges, setupToForm } from '../../../renderer/model/setupChanges.js';

const setup: ToolboxSetup = {
  volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
  env: [
    { name: 'EDITOR', value: 'vim' },
    { name: 'LANG', value: 'C.UTF-8' },
  ],
  ulimitHost: false,
  hostname: null,
};

describe('the setup form', () => {
  it('round-trips a setup, and an unchanged form changes nothing', () => {
    expect(formToSetup(setupToForm(setup), setup)).toEqual(setup);
    expect(setupChanges(setup, formToSetup(setupToForm(setup), setup))).toEqual([]);
  });

  it('leaves out empty rows, mounts a folder with no container path at the same path, keeps ulimit when unset', () => {
    const form = setupToForm(setup);
    form.advanced.volumes.push({ hostPath: '/opt/tools', containerPath: '', readOnly: false }, { hostPath: '', containerPath: '', readOnly: false });
    form.advanced.env.push({ name: '', value: '' });
    form.advanced.ulimitHost = undefined;
    form.hostname = 'devbox';
    expect(formToSetup(form, { ...setup, ulimitHost: true })).toEqual({
      volumes: [...setup.volumes, { hostPath: '/opt/tools', containerPath: '/opt/tools', readOnly: false }],
      env: setup.env,
      ulimitHost: true,
      hostname: 'devbox',
    });
  });

  it('names each change: folders and variables added, removed or changed, limits, hostname', () => {
    const to: ToolboxSetup = {
      volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: false }],
      env: [
        { name: 'EDITOR', value: 'nano' },
        { name: 'PAGER', value: 'less' },
      ],
      ulimitHost: true,
      hostname: 'devbox',
    };
    expect(setupChanges(setup, to)).toEqual([
      '− folder /srv/data → /data (read-only)',
      '+ folder /srv/data → /data',
      '− variable LANG=C.UTF-8',
      'variable EDITOR: vim → nano',
      '+ variable PAGER=less',
      'host resource limits: off → on',
      'hostname: the default → devbox',
    ]);
  });

  it('says what is wrong with a hostname; empty means the default', () => {
    expect(hostnameProblem('')).toBeNull();
    expect(hostnameProblem('dev-box')).toBeNull();
    for (const bad of ['-dev', 'dev box', 'a'.repeat(64), 'dev_box']) expect(hostnameProblem(bad), bad).toMatch(/^Hostname: /);
  });
});
