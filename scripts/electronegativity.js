// Runs Electronegativity (pinned in package.json) over electron/ and fails on
// any finding above INFORMATIONAL that is not explained: a finding at a line
// needs a comment "electronegativity: CHECK_ID <why>" on that line or the three
// above; a global finding needs an entry below. The check that downloads
// Electron's release list is skipped (no network here; Electron is pinned).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GLOBAL_EXPLAINED = {
  CSP_GLOBAL_CHECK:
    'The CSP is sent as a response header on every app:// response (electron/main/appProtocol.ts, the same policy as `toolshed serve`, shared/csp.ts); the tool only looks for meta tags and webRequest hooks.',
};

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
// SARIF, not CSV: the tool writes its CSV header and rows with two racing
// asynchronous writes, so the header sometimes lands over the first row.
const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'electronegativity-')), 'findings.sarif');
execFileSync('npx', ['electronegativity', '-i', 'electron/', '-r', '-v', 'false', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-s', 'low', '-o', output], {
  stdio: ['ignore', 'ignore', 'inherit'],
});

// findings at LOW severity and above (-s low); a global finding has no file
const findings = JSON.parse(readFileSync(output, 'utf8')).runs[0].results.map((result) => {
  const where = result.locations[0].physicalLocation;
  return { check: result.ruleId, file: where.artifactLocation.uri, line: where.region.startLine, column: where.region.startColumn };
});
const unexplained = [];
let explained = 0;
for (const { check, file, line, column } of findings) {
  if (file === 'file:///') {
    if (GLOBAL_EXPLAINED[check]) explained += 1;
    else unexplained.push(`${check}: global finding`);
    continue;
  }
  const lines = readFileSync(path.join('electron', file), 'utf8').split('\n');
  // the explaining comment sits on the line or in the three lines above it
  const nearby = lines.slice(Math.max(0, line - 4), line).join('\n');
  if (nearby.includes('electronegativity:') && nearby.includes(check)) explained += 1;
  else unexplained.push(`${check} at electron/${file}:${line}:${column}`);
}
console.log(`electronegativity ${electronVersion}: ${findings.length} findings, ${explained} explained in the code, ${unexplained.length} unexplained`);
if (unexplained.length) {
  console.error(`Unexplained findings (fix them, or explain each with a comment "electronegativity: CHECK_ID why" at its line):\n  ${unexplained.join('\n  ')}`);
  process.exit(1);
}
