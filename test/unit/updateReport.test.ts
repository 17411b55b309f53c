// A report of 100k pending updates (a package manager can list that many) is
// what every window gets in an event: it names a page of them and counts the
// rest, so it stays far below the WebSocket's 16 MiB send limit (a 17 MB event
// closed every window's connection).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PENDING_SHOWN } from '../../shared/contract.js';
import { evaluateCheck, type StepResult } from '../../shared/domain/packageUpdates.js';
import { reportOf } from '../../electron/services/updates/updatesApi.js';

const recorded = JSON.parse(readFileSync(new URL('../recorded/updates/apt-pending.json', import.meta.url), 'utf8')) as { steps: StepResult[] };

describe('an update report', () => {
  it('of 100k pending updates names the first page and counts them all', () => {
    const [scratch, refresh, simulate] = recorded.steps as [StepResult, StepResult, StepResult];
    // apt's simulated upgrade as recorded, with 100k more packages
    const extra = Array.from({ length: 100_000 }, (_, i) => `Inst tsh-pkg-${i} [1.0-1] (1.0-2 Debian:12/stable [amd64])\n`).join('');
    const outcome = evaluateCheck('apt', [scratch, refresh, { ...simulate, stdout: simulate.stdout + extra }]);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.updates.length).toBeGreaterThan(100_000);
    const report = reportOf({ name: 'big', id: 'c0ffee' }, { manager: 'apt', pending: outcome.updates }, new Date('2026-12-07T06:00:00Z'));
    expect(report.pendingCount).toBe(outcome.updates.length);
    expect(report.pending).toHaveLength(PENDING_SHOWN);
    expect(report.pending?.[0]).toEqual(outcome.updates[0]);
    expect(JSON.stringify({ event: 'updatesChanged', payload: { report } }).length).toBeLessThan(100_000);
  });

  it('shows control characters a package manager printed (ESC, BEL) as replacement marks', () => {
    const report = reportOf(
      { name: 'box', id: 'c0ffee' },
      { manager: 'apt', pending: [{ name: 'evil\u001b[31m', from: '1\u0007', to: '2\u202e', arch: 'amd64' }] },
    );
    expect(report.pending).toEqual([{ name: 'evil\uFFFD[31m', from: '1\uFFFD', to: '2\uFFFD', arch: 'amd64' }]);
  });

  it('of a failed check has its error and no count', () => {
    const report = reportOf({ name: 'broken', id: 'c0ffee' }, { manager: 'apt', error: 'E: unreachable' });
    expect(report).toMatchObject({ container: 'broken', error: 'E: unreachable' });
    expect(report).not.toHaveProperty('pendingCount');
  });
});
