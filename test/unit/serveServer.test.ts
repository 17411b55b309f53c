// The web mode's server: loopback unless told otherwise, and the token never in its log.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/services/engine.js';
import { startServer } from '../../electron/server/server.js';

const engine = () => createEngine({ podman: { binary: '/nonexistent/podman' }, configDir: mkdtempSync(path.join(os.tmpdir(), 'toolshed-serve-')) });

describe('toolshed serve', () => {
  it('refuses a non-loopback address without allowRemote', async () => {
    await expect(startServer({ engine: engine(), staticDir: os.tmpdir(), host: '0.0.0.0' })).rejects.toThrow(/allow-remote/);
  });

  it('never writes the token to its log, whatever the requests', async () => {
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-static-'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const lines: string[] = [];
    const server = await startServer({ engine: engine(), staticDir, log: (line) => lines.push(line) });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const responses = await Promise.all([
        fetch(`${base}/`),
        fetch(`${base}/?token=${server.token.slice(0, 10)}`),
        fetch(`${base}/?token=${server.token}`, { redirect: 'manual', headers: { origin: 'http://evil.example' } }),
        fetch(`${base}/?token=${server.token}`, { redirect: 'manual' }),
        fetch(`${base}/../../etc/passwd`, { headers: { cookie: `toolshed_token=${server.token}` } }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([401, 401, 403, 303, 200]);
      expect(await responses[4]!.text()).toContain('<title>t</title>'); // the path stays inside the static folder
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(server.token);
      expect(lines.join('\n')).not.toContain(server.token.slice(0, 10));
      expect(server.url).toContain(server.token);
      expect(server.origin).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });
});
