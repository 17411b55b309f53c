// The bench's own logic, without podman: statistics, the table (ratios, caps,
// failures), reading terminal output, its command line, and distrobox's log.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/lib/stats.js';
import { formatValue, hasFailures, markdownTable, subjectLine, type Scenario } from '../../bench/lib/results.js';
import { DONE_MARKER, Tail, endsWithPrompt, stripEscapes, throughputCommand } from '../../bench/lib/terminalText.js';
import { parseOptions } from '../../bench/lib/options.js';
import { packageStep } from '../../bench/rows/createToFirstCommand.js';

describe('summarize', () => {
  it('gives the median (middle, or mean of the two middles) and the range', () => {
    expect(summarize([5, 1, 3])).toEqual({ n: 3, median: 3, min: 1, max: 5 });
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, min: 1, max: 4 });
    expect(summarize([7])).toEqual({ n: 1, median: 7, min: 7, max: 7 });
  });

  it('refuses no samples', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe('formatValue', () => {
  it('picks a readable unit', () => {
    expect(formatValue(0.25, 'time')).toBe('0.25 ms');
    expect(formatValue(6.34, 'time')).toBe('6.3 ms');
    expect(formatValue(402.4, 'time')).toBe('402 ms');
    expect(formatValue(2345, 'time')).toBe('2.35 s');
    expect(formatValue(87_654, 'time')).toBe('87.7 s');
    expect(formatValue(3.5 * 2 ** 20, 'bytes')).toBe('3.5 MiB');
    expect(formatValue(497.4 * 2 ** 20, 'bytes')).toBe('497 MiB');
  });
});

const scenario = (subjects: Scenario['subjects']): Scenario => ({ id: '1a', title: 'Create | first', kind: 'time', subjects });

describe('the table', () => {
  it('compares every subject with Toolshed in its scenario, and marks Toolshed', () => {
    const s = scenario([
      { label: 'Toolshed', toolshed: true, samples: [100, 120, 110] },
      { label: 'toolbox', samples: [300, 330, 360] },
    ]);
    expect(subjectLine(s, s.subjects[1]!).ratio).toBe(3);
    const table = markdownTable([s]);
    expect(table).toContain('| 1a | Create \\| first | **Toolshed** | 110 ms | 100 ms – 120 ms | 3 | 1.00× |');
    expect(table).toContain('|  |  | toolbox | 330 ms | 300 ms – 360 ms | 3 | 3.00× |');
  });

  it('shows a capped value as a lower bound, and a single run without a spread', () => {
    const table = markdownTable([
      scenario([
        { label: 'Toolshed', toolshed: true, samples: [1000] },
        { label: 'distrobox', samples: [15_000], capped: true },
      ]),
    ]);
    expect(table).toContain('| distrobox | > 15.0 s | — | 1 | > 15× |');
  });

  it('keeps a line that could not be measured, with why', () => {
    const s = scenario([
      { label: 'Toolshed', toolshed: true, samples: [], error: 'no prompt within 30 s' },
      { label: 'toolbox', samples: [300] },
    ]);
    const table = markdownTable([s]);
    expect(table).toContain('| **Toolshed** | failed | — | 0 | — | not measured: no prompt within 30 s |');
    expect(table).toContain('| toolbox | 300 ms | — | 1 | — |');
    expect(hasFailures([s])).toBe(true);
  });

  it('counts a compared tool failing by itself as a result, not as a broken bench', () => {
    const s = scenario([
      { label: 'Toolshed', toolshed: true, samples: [900] },
      { label: 'distrobox', samples: [], error: 'apt-get could not reach the network', toolFailed: true },
    ]);
    expect(markdownTable([s])).toContain('the tool failed: apt-get could not reach the network');
    expect(hasFailures([s])).toBe(false);
  });
});

describe('terminal output', () => {
  it('strips colours, OSC titles and bracketed-paste switches before looking for a prompt', () => {
    const toolboxPrompt = '\u001b[?2004h\u001b]0;title\u0007\u001b[35m⬢\u001b[0m[root@toolbox ~]# ';
    expect(stripEscapes(toolboxPrompt)).toBe('⬢[root@toolbox ~]# ');
    expect(endsWithPrompt(toolboxPrompt)).toBe(true);
    expect(endsWithPrompt('user@host:~$ ')).toBe(true);
    expect(endsWithPrompt('Setting up users...\r\n')).toBe(false);
  });

  it('prints its end marker only when the command runs, never in the echo of typing it', () => {
    const command = throughputCommand(1024);
    expect(command).not.toContain(DONE_MARKER);
    expect(command).toContain('head -c 1024');
  });

  it('keeps the end of a stream, so a marker split across chunks is found', () => {
    const tail = new Tail(32);
    tail.push('x'.repeat(100) + 'TSH-BENCH-');
    expect(tail.push('DONE-42\r\n')).toContain(DONE_MARKER);
    expect(tail.value.length).toBe(32);
  });
});

describe('command line', () => {
  it('defaults to 5 runs, and --quick to one', () => {
    expect(parseOptions([])).toEqual({ quick: false, runs: 5, docs: false });
    expect(parseOptions(['--quick'])).toEqual({ quick: true, runs: 1, docs: false });
    expect(parseOptions(['--quick', '--runs', '2'])).toMatchObject({ quick: true, runs: 2 });
    expect(parseOptions(['--only', '3,6', '--docs'])).toMatchObject({ only: new Set([3, 6]), docs: true });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it('refuses what it does not know, with the reason', () => {
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs takes a whole number/);
    expect(() => parseOptions(['--runs'])).toThrow(/--runs/);
    expect(() => parseOptions(['--only', '11'])).toThrow(/row numbers from 1 to 10/);
    expect(() => parseOptions(['--only'])).toThrow(/row numbers/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
});

describe("distrobox's setup log", () => {
  const log = [
    'distrobox: Installing basic packages...',
    '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.',
    '0 upgraded, 52 newly installed, 0 to remove and 0 not upgraded.',
  ].join('\n');

  it('adds up what apt installed', () => {
    expect(packageStep(log, false)).toBe('apt installed 52 packages');
    expect(packageStep('distrobox: Installing basic packages...\n0 upgraded, 0 newly installed', false)).toBe('apt ran but installed nothing');
    expect(packageStep('Container Setup Complete!', false)).toBe('no package step');
  });

  it('says what it was doing when it was stopped', () => {
    expect(packageStep(log, true)).toMatch(/was running apt/);
    expect(packageStep('Setting up read-only mounts...', true)).toBe('stopped before any package step');
  });
});
