// Toolshed's readers of podman's output on what podman 5.8.6 prints (recorded
// in test/recorded/podman5/, its README says how), beside the 4.3.1 recordings
// the other unit tests replay: the list, images, inspect, stats, events,
// version, pull progress and pull failures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toImageSummaries } from '../../electron/services/images/listImages.js';
import { PullOutputParser } from '../../electron/services/podman/pullProgress.js';
import { classifyPullError } from '../../electron/services/podman/pullErrors.js';
import type { PodmanEvent, PodmanImageEntry, PodmanInspect, PodmanPsEntry, PodmanStatsEntry } from '../../electron/services/podman/types.js';
import { summarizeAll } from '../../electron/services/toolbox/containerList.js';
import { containerInspection } from '../../electron/services/toolbox/details.js';
import { parseHumanSize } from '../../shared/domain/units.js';

const text = (file: string) => readFileSync(new URL(`../recorded/podman5/${file}`, import.meta.url), 'utf8');
const json = <T>(file: string) => JSON.parse(text(file)) as T;

function pull(name: string) {
  const parser = new PullOutputParser();
  const recording = text(`pull/${name}`);
  for (let i = 0; i < recording.length; i += 41) parser.feed(recording.slice(i, i + 41));
  parser.end();
  return parser;
}

describe('podman 5.8.6 output', () => {
  const root = summarizeAll(json<PodmanPsEntry[]>('podman-ps-root.json'));
  const byName = (name: string) => root.find((c) => c.name === name)!;

  it('ps: managers, states (a just-exited "stopped" is exited), distro and release', () => {
    expect(byName('tsh-rec-cli')).toMatchObject({ manager: 'toolbox', state: 'created', distro: 'debian', release: '12' });
    expect(byName('tsh-rec-running')).toMatchObject({ manager: 'toolbox', state: 'running', startedAt: 1796153023 });
    expect(byName('tsh-rec-cli').startedAt).toBeUndefined();
    expect(byName('tsh-rec-plain')).toMatchObject({ manager: 'podman', state: 'exited' });
    expect(byName('tsh-rec-old')).toMatchObject({ manager: 'toolbox' });
    const [distrobox] = summarizeAll(json<PodmanPsEntry[]>('podman-ps-rootless-distrobox.json'));
    expect(distrobox).toMatchObject({ name: 'tsh-it-dbx', manager: 'distrobox' });
  });

  it('images: Toolbx images first, a dangling one only on request', () => {
    const entries = json<PodmanImageEntry[]>('podman-images-root.json');
    expect(toImageSummaries(entries).map((i) => i.names[0])).toEqual(['localhost/toolshed-fixture:bookworm', 'localhost/toolshed-fixture:nosudo']);
    const all = toImageSummaries(entries, { all: true });
    expect(all).toHaveLength(4);
    expect(all.find((i) => i.names.length === 0)).toMatchObject({ toolbox: false });
  });

  it('inspect: a running toolbox (toolbox 0.0.99.4 still names its host "toolbox"), no entrypoint, its size', () => {
    const [inspect] = json<PodmanInspect[]>('podman-inspect-toolbox.json');
    const details = containerInspection(inspect!, byName('tsh-rec-running'));
    expect(details).toMatchObject({ hostname: 'toolbox', entrypoint: [], command: expect.arrayContaining(['toolbox', 'init-container']) });
    expect(inspect!.SizeRw).toBeGreaterThan(0);
  });

  it('stats and version', () => {
    const [stats] = json<PodmanStatsEntry[]>('podman-stats.json');
    expect(parseHumanSize(stats!.mem_usage.split('/')[0]!)).toBeGreaterThan(0);
    expect(Number.parseFloat(stats!.cpu_percent)).toBeGreaterThan(0);
    expect(json<{ Client: { Version: string } }>('podman-version.json').Client.Version).toBe('5.8.6');
  });

  it('events: one JSON object a line, the statuses the store follows', () => {
    const events = text('podman-events.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as PodmanEvent);
    expect(events.every((event) => event.Type === 'container' && event.Name?.startsWith('tsh-rec-events'))).toBe(true);
    expect(events.map((event) => event.Status)).toEqual(expect.arrayContaining(['create', 'start', 'died', 'rename', 'remove']));
  });

  it('pull progress on a terminal: bars with a speed, no "Storing signatures", the image id', () => {
    const parser = pull('pty-4-layers.txt');
    expect(parser.error).toBeUndefined();
    expect(parser.imageId).toMatch(/^[0-9a-f]{64}$/);
    expect(parser.snapshot()).toMatchObject({ layersTotal: 4, layersDone: 4 });
    expect(parser.snapshot().bytesDone).toBe(parser.snapshot().bytesTotal);
    expect(pull('pty-base-layer-skipped.txt').snapshot()).toMatchObject({ layersDone: 4 });
    expect(pull('pipe-4-layers.txt').snapshot()).toMatchObject({ layersTotal: 4, layersDone: 4 });
  });

  it('pull failures are told apart as with 4.3.1, whatever "unable to copy from source" prefixes them', () => {
    expect(classifyPullError(pull('pty-no-network.txt').error!)).toBe('network');
    expect(classifyPullError(pull('pty-connection-refused.txt').error!)).toBe('network');
    expect(classifyPullError(pull('pty-manifest-unknown.txt').error!)).toBe('not-found');
    expect(classifyPullError(pull('pty-http-registry.txt').error!)).toBe('tls');
    expect(classifyPullError(pull('pty-unauthorized.txt').error!)).toBe('unauthorized');
    expect(classifyPullError(pull('pty-short-name.txt').error!)).toBe('short-name');
  });
});
