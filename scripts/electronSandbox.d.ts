// Types of electronSandbox.js (plain JavaScript: scripts/start-electron.js runs it before anything is built).
export function sandboxProblem(
  electronBinary: string,
  io?: { readFileSync(file: string, encoding: 'utf8'): string; statSync(file: string): { uid: number; mode: number } },
): string | null;
