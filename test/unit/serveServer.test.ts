// The web mode's server: loopback unless told otherwise, and the token never in its log.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchEngine } from '../support/engine.js';
import { startServer } from '../../electron/server/server.js';
import { main } from '../../electron/server/cli.js';
import { writeServeRecord } from '../../electron/server/serveRecord.js';

const engine = () => scratchEngine({ podman: { binary: '/nonexistent/podman' } });

describe('toolshed serve', () => {
  it('refuses a non-loopback address without allowRemote', async () => {
    await expect(startServer({ engine: engine(), staticDir: os.tmpdir(), host: '0.0.0.0' })).rejects.toThrow(/allow-remote/);
  });

  it('never writes the token to its log, whatever the requests; says which check refused', async () => {
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-static-'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const lines: string[] = [];
    const server = await startServer({ engine: engine(), staticDir, log: (line) => lines.push(line) });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const responses = await Promise.all([
        fetch(`${base}/`),
        fetch(`${base}/session`, { headers: { authorization: `Bearer ${server.token.slice(0, 10)}` } }),
        fetch(`${base}/`, { headers: { origin: 'http://evil.example' } }),
        fetch(`${base}/session`, { headers: { authorization: `Bearer ${server.token}` } }),
        fetch(`${base}/../../etc/passwd`),
        fetch(`${base}/session`),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 401, 403, 204, 200, 401]);
      expect(await responses[4]!.text()).toContain('<title>t</title>'); // the path stays inside the static folder
      for (const response of responses) expect(response.headers.get('set-cookie')).toBeNull();
      expect(lines.some((line) => line.includes('wrong token'))).toBe(true);
      expect(lines.some((line) => line.includes('missing token'))).toBe(true);
      expect(lines.join('\n')).not.toContain(server.token);
      expect(lines.join('\n')).not.toContain(server.token.slice(0, 10));
      expect(server.url).toBe(`${server.origin}/#token=${server.token}`);
      expect(server.origin).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });

  it('answers a path that is not valid URL encoding with 400 and a message', async () => {
    const server = await startServer({ engine: engine(), staticDir: os.tmpdir() });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/%ff`);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/not valid URL encoding/);
    } finally {
      await server.close();
    }
  });

  it('refuses a token that could not travel as a subprotocol', async () => {
    await expect(startServer({ engine: engine(), staticDir: os.tmpdir(), token: 'not a token' })).rejects.toThrow(/token/);
  });

  it('says in one line that a port is in use, and starts nothing', async () => {
    const busy = await startServer({ engine: engine(), staticDir: os.tmpdir() });
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['serve', '--port', String(busy.port)])).toBe(1);
    } finally {
      process.stderr.write = write;
      await busy.close();
    }
    const refusal = written.filter((line) => line.startsWith('toolshed:'));
    expect(refusal).toEqual([`toolshed: port ${busy.port} is in use; choose another with --port, or leave --port out for a free one.\n`]);
    expect(written.join('')).not.toMatch(/\n\s+at /);
  });

  it('--no-host-shell: no terminal on the host, and the status says so', async () => {
    const noHost = scratchEngine({ podman: { binary: '/nonexistent/podman' }, hostShell: false });
    try {
      await expect(noHost.api.openTerminal({ cols: 80, rows: 24 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/Host shells are turned off/),
      });
      expect((await noHost.api.getStatus({})).hostShell).toBe(false);
      expect(await noHost.api.listTerminals({})).toEqual([]);
    } finally {
      noHost.dispose();
    }
  });
});

describe('toolshed --open NAME (what a menu entry written in serve mode runs)', () => {
  it("opens the running serve's page on that toolbox, in the default browser", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'toolshed-open-'));
    const bin = path.join(home, 'bin');
    mkdirSync(bin);
    // the browser opener: records what it was asked to open
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${home}/opened"\n`, { mode: 0o755 });
    const env = { XDG_RUNTIME_DIR: home, PATH: `${bin}:${process.env.PATH}` };
    const saved = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR, PATH: process.env.PATH };
    Object.assign(process.env, env);
    const forget = writeServeRecord(process.env, process.getuid?.() ?? 0, { pid: process.pid, url: 'http://127.0.0.1:4567/#token=open-token-0123456789' });
    try {
      expect(await main(['--open', 'my-box'])).toBe(0);
      await expect
        .poll(() => (existsSync(path.join(home, 'opened')) ? readFileSync(path.join(home, 'opened'), 'utf8') : ''))
        .toBe('http://127.0.0.1:4567/#token=open-token-0123456789&open=my-box');
      // a bad name is refused before anything is opened
      expect(await main(['--open', '-rf'])).toBe(2);
    } finally {
      forget();
      Object.assign(process.env, saved);
    }
  });
});

describe('one toolshed serve per user', () => {
  it('a second one says where the first is and does not start; its record is never touched by another', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'toolshed-second-'));
    const saved = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = home;
    const record = path.join(home, 'toolshed', 'serve.json');
    const first = { pid: process.pid, url: 'http://127.0.0.1:4567/#token=first-token-0123456789' };
    const forget = writeServeRecord(process.env, process.getuid?.() ?? 0, first);
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await main(['serve'])).toBe(0);
      expect(printed.join('')).toBe(`Toolshed is already serving at ${first.url}\n`);
      expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(first);
      // a record another process wrote is not removed by this one's cleanup
      const other = writeServeRecord(process.env, process.getuid?.() ?? 0, { ...first, pid: 1 });
      forget();
      expect(existsSync(record)).toBe(true);
      other();
    } finally {
      process.stdout.write = write;
      forget();
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });
});
