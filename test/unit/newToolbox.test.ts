// A new toolbox's name as the user types it, and the name an image suggests.
import { describe, expect, it } from 'vitest';
import { newToolboxNameProblem, suggestedToolboxName } from '../../shared/domain/newToolbox.js';

describe('the name of a new toolbox', () => {
  const taken = ['fedora-toolbox-43', 'my-box'];
  it.each([
    ['', 'A name is required.'],
    ['-box', 'starts with a letter or a digit'],
    ['.box', 'starts with a letter or a digit'],
    ['my box', 'may contain only letters, digits, "_", "." and "-" (not a space)'],
    ['my\u200bbox', '(not the invisible character U+200B)'],
    ['box;rm', '(not ";")'],
    ['bøx', '(not "ø")'],
    ['a'.repeat(65), 'at most 64 characters'],
    ['my-box', 'A container named "my-box" already exists'],
  ])('refuses %j: %s', (name, reason) => {
    expect(newToolboxNameProblem(name, taken)).toContain(reason);
  });
  it.each(['fedora-toolbox-42', 'Box_1.2', '9', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(newToolboxNameProblem(name, taken)).toBeNull();
  });
});

describe('the name an image suggests (as Toolbx names it)', () => {
  it.each([
    ['registry.fedoraproject.org/fedora-toolbox:43', 'fedora-toolbox-43'],
    ['registry.access.redhat.com/ubi9/toolbox:9.6', 'rhel-toolbox-9.6'],
    ['quay.io/toolbx/arch-toolbox:latest', 'arch-toolbox-latest'],
    ['quay.io/toolbx-images/rockylinux-toolbox:9', 'rockylinux-toolbox-9'],
    ['localhost/toolshed-fixture:bookworm', 'toolshed-fixture-bookworm'],
    ['registry.example.org/team/dev-toolbox:1.0', 'dev-toolbox-1.0'],
    ['quay.io/x/dev', 'dev'],
  ])('%s -> %s', (reference, name) => {
    expect(suggestedToolboxName(reference)).toBe(name);
  });
  it('suggests nothing for an image id', () => {
    expect(suggestedToolboxName('5c9035d4e9f9d072a06f533dc45af613d444fa847e3a3157928b78bbcbc5fcbb')).toBeUndefined();
  });
});
