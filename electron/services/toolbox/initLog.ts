// init-container logs logfmt lines (`level=debug msg="Creating /run/.toolboxenv"`);
// progress shows their message, with the level when it is not plain debug/info.

/** The readable message of one logfmt log line; other lines come back unchanged. */
export function logfmtMessage(line: string): string {
  const level = /(?:^|\s)level=("?)([a-z]+)\1/.exec(line)?.[2];
  const msgMatch = /(?:^|\s)msg=(?:"((?:[^"\\]|\\.)*)"|(\S*))/.exec(line);
  if (!level || !msgMatch) return line;
  const msg = msgMatch[1] !== undefined ? msgMatch[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : (msgMatch[2] ?? '');
  return level === 'debug' || level === 'info' ? msg : `${level}: ${msg}`;
}

/** The reason an init died: its last error line (logfmt level=error/fatal, or a plain "Error: …"), readable. */
export function lastInitError(log: string): string | undefined {
  const lines = log.split('\n').map((line) => line.trim());
  for (const line of lines.reverse()) {
    if (/(?:^|\s)level="?(error|fatal|panic)\b/.test(line)) return logfmtMessage(line).replace(/^(error|fatal|panic): /, '');
    if (line.startsWith('Error: ')) return line.slice('Error: '.length);
  }
  return undefined;
}
