import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatBytes, formatStamp, parseHumanSize } from '../../shared/domain/units.js';
import { containerNameProblem } from '../../shared/domain/names.js';

describe('sizes as podman prints them', () => {
  it('parses the recorded stats', () => {
    const [stats] = JSON.parse(readFileSync(new URL('../recorded/podman-stats.json', import.meta.url), 'utf8')) as { mem_usage: string }[];
    const [used, limit] = stats!.mem_usage.split('/');
    expect(parseHumanSize(used!)).toBe(729_100);
    expect(parseHumanSize(limit!)).toBe(25_280_000_000);
  });
  it('refuses nonsense', () => {
    expect(parseHumanSize('lots')).toBeNaN();
    expect(parseHumanSize('3 parsecs')).toBeNaN();
  });
  it('formats', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(78_600_000)).toBe('79 MB');
  });
});

describe('container names', () => {
  it('accepts Toolbx names', () => {
    for (const name of ['fedora-toolbox-40', 'a', 'my_box.2']) expect(containerNameProblem(name)).toBeNull();
  });
  it('says what is wrong', () => {
    expect(containerNameProblem('')).toMatch(/required/);
    expect(containerNameProblem('-x')).toMatch(/starts with/);
    expect(containerNameProblem('a b')).toMatch(/not a space/);
    expect(containerNameProblem('a'.repeat(65))).toMatch(/at most/);
    expect(containerNameProblem('tооlbox')).toMatch(/only letters/); // Cyrillic "о" look-alikes
  });
});

describe('a date and time in names and lists', () => {
  it('reads one way in every locale: year, month, day, hours, minutes', () => {
    expect(formatStamp(new Date(2026, 11, 7, 5, 3))).toBe('2026-12-07 05:03');
    expect(formatStamp(new Date(2027, 0, 31, 23, 59, 59))).toBe('2027-01-31 23:59');
  });
});
