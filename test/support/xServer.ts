// A private X server (Xvfb) for tests that start real X programs (a host
// terminal): it picks a free display itself (-displayfd) and ends with the test.
import { spawn } from 'node:child_process';

export interface XServer {
  display: string;
  stop(): void;
}

export function startXvfb(): Promise<XServer> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    let number = '';
    const chosen = server.stdio[3] as NodeJS.ReadableStream;
    chosen.setEncoding('utf8');
    chosen.on('data', (text: string) => {
      number += text;
      if (!number.includes('\n')) return;
      resolve({ display: `:${number.trim()}`, stop: () => server.kill('SIGTERM') });
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it chose a display: ${stderr.trim()}`)));
  });
}
