// What a benchmark run produces: scenarios (one line of the issue's list may
// hold several), each with Toolshed and the baselines measured beside it, and
// how they are shown: ratios to Toolshed first, absolute figures second.
import { summarize, type Summary } from './stats.js';

/** Time samples are milliseconds; byte samples are bytes. */
export type Kind = 'time' | 'bytes';

export interface Subject {
  label: string;
  /** The reference the other subjects of the scenario are compared with. */
  toolshed?: boolean;
  samples: number[];
  /** The samples are lower bounds: the measurement was stopped at a cap. */
  capped?: boolean;
  note?: string;
  /** Why it could not be measured (the line still shows, with this). */
  error?: string;
  /** The error is the compared tool's own failure (a result), not the bench's. */
  toolFailed?: boolean;
}

export interface Scenario {
  id: string;
  title: string;
  kind: Kind;
  subjects: Subject[];
  /** A longer remark, printed under the table. */
  note?: string;
}

export interface MachineInfo {
  description: string;
  [key: string]: string;
}

export interface RunReport {
  date: string;
  machine: MachineInfo;
  options: { quick: boolean; runs: number; command: string };
  durationSeconds: number;
  /** The 1-minute load average when the run began and ended: other work on the machine. */
  load: { start: number; end: number };
  scenarios: Scenario[];
}

export function formatValue(value: number, kind: Kind): string {
  if (kind === 'bytes') {
    const mib = value / (1024 * 1024);
    return `${mib < 10 ? mib.toFixed(1) : Math.round(mib)} MiB`;
  }
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 10_000) return `${(value / 1000).toFixed(2)} s`;
  return `${(value / 1000).toFixed(1)} s`;
}

function formatRatio(ratio: number): string {
  if (ratio >= 10) return `${Math.round(ratio)}×`;
  if (ratio >= 0.1) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(3)}×`;
}

/** Markdown table cells may not hold "|" or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export interface SubjectLine {
  summary?: Summary;
  /** This subject's median over Toolshed's, in the same scenario. */
  ratio?: number;
}

export function subjectLine(scenario: Scenario, subject: Subject): SubjectLine {
  if (subject.error !== undefined || subject.samples.length === 0) return {};
  const summary = summarize(subject.samples);
  const reference = scenario.subjects.find((s) => s.toolshed && s.error === undefined && s.samples.length > 0);
  if (!reference) return { summary };
  return { summary, ratio: summary.median / summarize(reference.samples).median };
}

export function markdownTable(scenarios: readonly Scenario[]): string {
  const lines = ['| # | Scenario | Subject | Median | Spread (min–max) | n | × Toolshed | Notes |', '|---|---|---|--:|--:|--:|--:|---|'];
  for (const scenario of scenarios) {
    scenario.subjects.forEach((subject, index) => {
      const { summary, ratio } = subjectLine(scenario, subject);
      const bound = subject.capped ? '> ' : '';
      const label = subject.toolshed ? `**${subject.label}**` : subject.label;
      const median = summary ? `${bound}${formatValue(summary.median, scenario.kind)}` : 'failed';
      const spread = summary ? (summary.n > 1 ? `${formatValue(summary.min, scenario.kind)} – ${formatValue(summary.max, scenario.kind)}` : '—') : '—';
      const ratioText = ratio === undefined ? '—' : `${bound}${formatRatio(ratio)}`;
      const failure = subject.error === undefined ? '' : subject.toolFailed ? `the tool failed: ${subject.error}` : `not measured: ${subject.error}`;
      const notes = [failure, subject.note ?? ''].filter(Boolean).join('; ');
      lines.push(
        `| ${index === 0 ? scenario.id : ''} | ${index === 0 ? cell(scenario.title) : ''} | ${cell(label)} | ${median} | ${spread} | ${summary?.n ?? 0} | ${ratioText} | ${cell(notes)} |`,
      );
    });
  }
  return lines.join('\n');
}

export function markdownReport(report: RunReport): string {
  const notes = report.scenarios.filter((s) => s.note).map((s) => `- **${s.id}**: ${s.note ?? ''}`);
  return [
    `Measured ${report.date} on ${report.machine.description}.`,
    `Command: \`${report.options.command}\` (${report.options.quick ? 'quick: one run each, smoke only' : `${report.options.runs} runs of each unless noted`}; the whole run took ${Math.round(report.durationSeconds)} s).`,
    `Load average (1 min): ${report.load.start.toFixed(1)} at the start, ${report.load.end.toFixed(1)} at the end. The subjects of a scenario take turns run by run, so other work on the machine weighs on them alike.`,
    '"× Toolshed" is the subject\'s median divided by Toolshed\'s median in the same scenario: above 1 means Toolshed is faster (or smaller).',
    '',
    markdownTable(report.scenarios),
    '',
    ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
  ].join('\n');
}

/** The JSON file: the report with each subject's summary and ratio computed. */
export function jsonReport(report: RunReport): unknown {
  return {
    ...report,
    scenarios: report.scenarios.map((scenario) => ({
      ...scenario,
      subjects: scenario.subjects.map((subject) => ({ ...subject, ...subjectLine(scenario, subject) })),
    })),
  };
}

/**
 * True when the bench could not measure something: the run then exits non-zero so
 * a CI smoke run notices rot. A compared tool failing on its own (distrobox's
 * setup without a network) is a result, not a failure of the bench.
 */
export function hasFailures(scenarios: readonly Scenario[]): boolean {
  return scenarios.some((s) => s.subjects.some((subject) => !subject.toolFailed && (subject.error !== undefined || subject.samples.length === 0)));
}
