// Reads what `podman pull` prints and turns it into progress numbers.
//
// podman 4.x has no machine-readable pull progress on its CLI. On a terminal it
// draws one bar per blob and redraws them in place (cursor up + erase):
//   Copying blob 37316a0b89e9 [====>-----] 4.1MiB / 29.7MiB
//   Copying blob 37316a0b89e9 done
//   Copying blob 37316a0b89e9 skipped: already exists
// Through pipes it prints one line per blob and no sizes:
//   Copying blob sha256:37316a0b89e9…
// Both are parsed here (test/recorded/pull/ has real output of each). Sizes
// are the compressed blob sizes. Blobs are copied a few at a time and a bar
// appears when its copy starts, so the layer total grows until all have started.
import { parseHumanSize } from '../../../shared/domain/units.js';

export interface PullSnapshot {
  message: string;
  bytesDone?: number;
  bytesTotal?: number;
  layersDone?: number;
  layersTotal?: number;
}

interface Blob {
  done: number;
  total?: number;
  finished: boolean;
}

// CSI sequences (cursor moves, erase, colours) and OSC titles
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const COPYING = /^Copying (blob|config) (?:sha256:)?([0-9a-f]{8,64})\b\s*(.*)$/;
const BAR = /\]\s*([\d.]+\s*[a-zA-Z]*)\s*\/\s*([\d.]+\s*[a-zA-Z]*)/;
const IMAGE_ID = /^[0-9a-f]{64}$/;
// logrus on a terminal ("WARN[0000] Failed, retrying…") or logfmt through pipes (level=warning msg="…")
const WARNING = /^(?:WARN\[\d+\]\s*|time="[^"]*"\s+level=warning\s+msg=")(.*?)"?\s*$/;

export class PullOutputParser {
  private readonly blobs = new Map<string, Blob>();
  private pending = '';
  private message = '';
  /** The image id podman prints last on success. */
  imageId: string | undefined;
  /** podman's "Error: …" line, without the prefix. */
  error: string | undefined;
  /** Everything podman printed, cleaned of terminal codes (for error details). */
  readonly transcript: string[] = [];

  /** Feeds raw output; returns true when the progress changed. */
  feed(chunk: string): boolean {
    const text = this.pending + chunk;
    const lines = text.split(/\r\n|\n|\r/);
    // a line without its end yet waits for the next chunk
    this.pending = lines.pop() ?? '';
    let changed = false;
    for (const line of lines) changed = this.line(line) || changed;
    return changed;
  }

  /** Parses whatever is left once podman has exited. */
  end(): boolean {
    const rest = this.pending;
    this.pending = '';
    return rest ? this.line(rest) : false;
  }

  snapshot(): PullSnapshot {
    const snapshot: PullSnapshot = { message: this.message };
    if (this.blobs.size === 0) return snapshot;
    let done = 0;
    let total = 0;
    let finished = 0;
    for (const blob of this.blobs.values()) {
      if (blob.finished) finished += 1;
      // a blob without a bar yet adds nothing: its size is not known
      if (blob.total === undefined) continue;
      total += blob.total;
      done += blob.finished ? blob.total : Math.min(blob.done, blob.total);
    }
    snapshot.layersDone = finished;
    snapshot.layersTotal = this.blobs.size;
    if (total > 0) {
      snapshot.bytesDone = done;
      snapshot.bytesTotal = total;
    }
    return snapshot;
  }

  private line(raw: string): boolean {
    const line = raw.replace(ANSI, '').trim();
    if (!line) return false;
    if (this.transcript.at(-1) !== line) this.transcript.push(line);
    if (this.transcript.length > 400) this.transcript.splice(0, this.transcript.length - 400);

    const copying = COPYING.exec(line);
    if (copying) return this.copying(copying[1]!, copying[2]!.slice(0, 12), copying[3]!);
    if (IMAGE_ID.test(line)) {
      this.imageId = line;
      return false;
    }
    if (line.startsWith('Error: ')) {
      this.error = line.slice('Error: '.length);
      return false;
    }
    const warning = WARNING.exec(line);
    if (warning) return this.say(shortWarning(warning[1]!.replace(/\\"/g, '"')));
    if (line.startsWith('Writing manifest')) {
      // every blob is in (through pipes podman never says "done")
      for (const blob of this.blobs.values()) blob.finished = true;
      this.say(line);
      return true;
    }
    if (/^(Trying to pull|Resolved "|Getting image source signatures|Storing signatures)/.test(line)) {
      return this.say(line);
    }
    return false;
  }

  private copying(kind: string, id: string, rest: string): boolean {
    // the config blob is tiny and comes last: report it, do not count it as a layer
    if (kind === 'config') return this.say(rest.startsWith('[') || !rest ? 'Copying the image configuration' : this.message);
    let blob = this.blobs.get(id);
    const isNew = blob === undefined;
    if (!blob) {
      blob = { done: 0, finished: false };
      this.blobs.set(id, blob);
    }
    const before = `${blob.done}/${blob.total}/${blob.finished}`;
    if (rest.startsWith('done') || rest.startsWith('skipped')) {
      blob.finished = true;
    } else {
      const bar = BAR.exec(rest);
      if (bar) {
        const done = parseHumanSize(bar[1]!);
        const total = parseHumanSize(bar[2]!);
        if (Number.isFinite(done)) blob.done = Math.max(blob.done, done);
        if (Number.isFinite(total)) blob.total = total;
      }
    }
    const changed = isNew || before !== `${blob.done}/${blob.total}/${blob.finished}`;
    if (changed) this.message = 'Copying layers';
    return changed;
  }

  private say(message: string): boolean {
    if (message === this.message) return false;
    this.message = message;
    return true;
  }
}

// "Failed, retrying in 1s ... (1/3). Error: initializing source …: connect: connection refused"
// -> "Retrying in 1s (1/3): connection refused"
function shortWarning(text: string): string {
  const retry = /^Failed, retrying in (\S+) \.\.\. \((\d+\/\d+)\)\. Error: (.*)$/.exec(text);
  if (!retry) return text;
  return `Retrying in ${retry[1]} (${retry[2]}): ${retry[3]!.split(': ').at(-1)!.trim()}`;
}
