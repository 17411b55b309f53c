// Every call of the contract, through both transports (the Electron IPC handler
// called as the preload calls it, and the WebSocket of `toolshed serve`), fed
// hostile and malformed arguments: each gets INVALID_ARGUMENT, podman is never
// called with any of it, and the backend keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callSchemas, type CallName } from '../../shared/contract.js';
import type { Reply } from '../../shared/wire.js';
import type { Engine } from '../../electron/services/engine.js';
import { scratchEngine } from '../support/engine.js';
import type { PodmanCall } from '../../electron/services/podman/client.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import { createIpcCallHandler } from '../../electron/main/ipcHandler.js';
import os from 'node:os';
import { socketProtocols } from '../support/serve.js';

const ID = 'a'.repeat(64);
/** A valid call for each method; the corpus mutates them field by field. */
const VALID: Record<CallName, unknown> = {
  getStatus: {},
  listContainers: { all: true },
  inspectContainer: { container: 'box' },
  containerStats: { container: 'box' },
  startContainer: { container: 'box' },
  stopContainer: { container: 'box' },
  restartContainer: { container: 'box' },
  stopAll: {},
  renameContainer: { container: 'box', newName: 'box2' },
  removeContainer: { id: ID, name: 'box', force: false },
  getCreateDefaults: {},
  listImages: { all: true },
  pullImage: { reference: 'quay.io/toolbx/ubuntu-toolbox:24.04', operationId: 'op1' },
  createToolbox: {
    name: 'box',
    image: 'quay.io/toolbx/ubuntu-toolbox:24.04',
    options: { volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }], env: [{ name: 'EDITOR', value: 'vim' }], ulimitHost: false },
    operationId: 'op1',
  },
  cancelOperation: { operationId: 'op1' },
  getSettings: {},
  describeSettings: {},
  updateSettings: { hostname: 'toolbx', toolboxBinary: '/usr/bin/toolbox' },
  openTerminal: { container: 'box', upgrade: false, cols: 80, rows: 24 },
  listTerminals: {},
  attachTerminal: { id: 't1' },
  writeTerminal: { id: 't1', data: 'ls\n' },
  resizeTerminal: { id: 't1', cols: 80, rows: 24 },
  ackTerminal: { id: 't1', chars: 10 },
  terminalBusy: { id: 't1' },
  closeTerminal: { id: 't1' },
  setLauncher: { container: 'box', enabled: true },
  listLaunchers: {},
  listContainerApps: { container: 'box' },
  exportApp: { container: 'box', desktopFile: 'org.gnome.gedit.desktop' },
  unexportApp: { container: 'box', desktopFile: 'org.gnome.gedit.desktop' },
  describePath: { path: '/srv/data' },
  describeSetup: { container: 'box' },
  editSetup: {
    container: 'box',
    setup: {
      volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: false }],
      env: [{ name: 'EDITOR', value: 'vim' }],
      ulimitHost: false,
      hostname: 'toolbx',
    },
    operationId: 'op1',
  },
  listSnapshots: { container: 'box' },
  takeSnapshot: { container: 'box', name: 'before upgrade', operationId: 'op1' },
  restoreSnapshot: { container: 'box', snapshot: ID, operationId: 'op1' },
  deleteSnapshot: { snapshot: ID },
  pruneSnapshots: { container: 'box', keep: 3 },
  cloneToolbox: { container: 'box', newName: 'box2', operationId: 'op1' },
  backupToolbox: { container: 'box', path: '/srv/backups/box.tar', operationId: 'op1' },
  describeBackup: { path: '/srv/backups/box.tar' },
  restoreBackup: { path: '/srv/backups/box.tar', name: 'box2', operationId: 'op1' },
  describeHostCommands: {},
  setHostService: { installed: true },
  listShims: { container: 'box' },
  addShim: { container: 'box', program: 'xdg-open', replace: false },
  removeShim: { container: 'box', program: 'xdg-open' },
  listExportedPrograms: { container: 'box' },
  exportProgram: { container: 'box', program: 'g++' },
  unexportProgram: { container: 'box', program: 'g++' },
  listUpdates: {},
  checkUpdates: { container: 'box' },
  describeOpenWith: {},
  openInTerminal: { container: 'box', terminal: 'ptyxis' },
  planEditor: { container: 'box', editor: 'code', folder: '/home/ada/src', usePodman: true },
  openInEditor: { container: 'box', editor: 'code', digest: 'ab'.repeat(32) },
  openFiles: { container: 'box', where: 'root' },
  readBlueprint: { text: '[dev]\nimage=debian:12\n' },
  applyBlueprint: { text: '[dev]\nimage=debian:12\n', operationId: 'op1' },
  fetchBlueprint: { url: 'https://example.org/dev.ini' },
  exportBlueprint: { container: 'box' },
  moveToRelease: { container: 'box', image: 'debian:13', keepOldAs: 'box-12', operationId: 'op1' },
  listAutoStops: {},
  setAutoStop: { container: 'box', seconds: 300 },
  backgroundEngineStatus: {},
  setBackgroundEngine: { enabled: false },
};

/** Fields whose value is free text by design (typed into a terminal, an env value). */
const FREE_TEXT = new Set([
  'writeTerminal.data',
  'createToolbox.options.env.0.value',
  'editSetup.setup.env.0.value',
  'takeSnapshot.name',
  'readBlueprint.text',
  'applyBlueprint.text',
]);
/** Numbers for which null is a documented value ("never"). */
const NULLABLE = new Set(['setAutoStop.seconds']);
const PATH_FIELDS = /(hostPath|containerPath|toolboxBinary|\.path|\.folder)$/;

// under the WebSocket's 1 MiB message limit (a bigger message closes the socket: see the fuzz test)
const HUGE = 'a'.repeat(300_000);
const HOSTILE_STRINGS = [
  '',
  '; rm -rf ~',
  'box; reboot',
  '$(touch /tmp/pwned)',
  'box`id`',
  'box\nrm -rf /',
  'box\r\n',
  '-rf',
  '--privileged',
  '../../etc/passwd',
  '/etc/passwd',
  'box\u0000',
  'tооlbox', // Cyrillic о
  'ｔoolbox', // fullwidth t
  'box\u200b',
  'box name',
  HUGE,
];
const HOSTILE_PATHS = ['', 'relative/path', '/a/../../etc', '/a/..', '/host:/container', '/a\u0000b', '/a\nb', '-v', '--volume=/:/x', HUGE];

type Mutation = { label: string; args: unknown };

function leaves(value: unknown, prefix: string[] = []): { path: string[]; value: unknown }[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  return [{ path: prefix, value }];
}

function withValue(base: unknown, at: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node = copy as Record<string, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[at.at(-1)!];
  else node[at.at(-1)!] = value;
  return copy;
}

function corpus(method: CallName): Mutation[] {
  const base = VALID[method];
  const mutations: Mutation[] = [
    { label: 'a number', args: 42 },
    { label: 'a string', args: 'box' },
    { label: 'an array', args: [base] },
    { label: 'an extra field', args: { ...(base as object), extra: true } },
    { label: 'a __proto__ key', args: JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1, -1) || '"x": 1'}}`) },
  ];
  for (const leaf of leaves(base)) {
    if (leaf.path.length === 0) continue;
    const name = `${method}.${leaf.path.join('.')}`;
    const required = !callSchemas[method].safeParse(withValue(base, leaf.path, undefined)).success;
    if (required) mutations.push({ label: `${name} missing`, args: withValue(base, leaf.path, undefined) });
    if (typeof leaf.value === 'string') {
      mutations.push({ label: `${name} as a number`, args: withValue(base, leaf.path, 7) });
      if (FREE_TEXT.has(name)) continue;
      // "" is the toolboxBinary setting's documented "never use the host binary"
      const strings = PATH_FIELDS.test(name) ? HOSTILE_PATHS.filter((p) => !(p === '' && name.endsWith('toolboxBinary'))) : HOSTILE_STRINGS;
      for (const bad of strings) mutations.push({ label: `${name} = ${JSON.stringify(bad.slice(0, 30))}`, args: withValue(base, leaf.path, bad) });
    } else if (typeof leaf.value === 'number') {
      for (const bad of ['80', -1, 1e12, 1.5, ...(NULLABLE.has(name) ? [] : [null])])
        mutations.push({ label: `${name} = ${String(bad)}`, args: withValue(base, leaf.path, bad) });
    } else if (typeof leaf.value === 'boolean') {
      mutations.push({ label: `${name} = "true"`, args: withValue(base, leaf.path, 'true') });
    }
  }
  return mutations;
}

const methods = Object.keys(callSchemas) as CallName[];
const podmanCalls: PodmanCall[] = [];
let engine: Engine;
let server: RunningServer;
let socket: WebSocket;
let nextId = 1;
const pending = new Map<number, (reply: Reply) => void>();
let tried = 0;
let podmanCallsDuringCorpus = -1;

function callOverSocket(method: string, args: unknown): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, method, args }));
  });
}

const isEnginesOwn = (args: readonly string[]) => args[0] === 'events' || args.join(' ') === 'ps --all --format json';

beforeAll(async () => {
  engine = scratchEngine({
    // the engine's own `podman events` stream, and its list read again when podman's state changes (any
    // podman on this machine may change it meanwhile), are not calls made with the corpus's input
    podman: { onCall: (call) => !isEnginesOwn(call.args) && podmanCalls.push(call) },
  });
  server = await startServer({ engine, staticDir: os.tmpdir(), token: 'corpus-token-0123456789' });
  socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, socketProtocols(server.token), { headers: { origin: server.origin }, maxPayload: 8 << 20 });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number } & Reply;
    if (typeof message.id === 'number') pending.get(message.id)?.(message);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  // what the engine reads by itself when it starts (its first list) is not the corpus's doing
  await engine.api.listContainers({}).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  podmanCalls.length = 0;
});

afterAll(async () => {
  socket.close();
  await server.close();
  engine.dispose();
  console.log(
    `bad-input corpus: ${tried} inputs tried over IPC, over the WebSocket and at the served gate, each refused; podman calls meanwhile: ${podmanCallsDuringCorpus}`,
  );
});

describe('the corpus covers the contract', () => {
  it('has a valid example of every call', () => {
    for (const method of methods) expect(callSchemas[method].safeParse(VALID[method]).success, method).toBe(true);
  });
});

describe.each(methods)('%s refuses bad input', (method) => {
  const ipc = createIpcCallHandler(
    new Proxy({} as never, {
      get: () => async () => {
        throw new Error('a handler ran for input the schema should have refused');
      },
    }),
    () => undefined,
  );
  const trustedFrame = { url: 'app://toolshed/index.html' };
  const trustedEvent = { senderFrame: trustedFrame, sender: { mainFrame: trustedFrame } } as never;

  it.each(corpus(method).map((m) => [m.label, m.args] as const))('%s', async (_label, args) => {
    tried += 1;
    const overIpc = await ipc(trustedEvent, method, args);
    expect(overIpc).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const overSocket = await callOverSocket(method, args);
    expect(overSocket).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(overSocket).length).toBeLessThan(2000);
  });
});

/** Hostile credentials at the served gate: every one is refused, and nothing is written back but a status. */
const GATE_CORPUS: { label: string; protocols: string[]; headers?: Record<string, string> }[] = [
  { label: 'no subprotocol', protocols: [] },
  { label: 'only the protocol', protocols: ['toolshed'] },
  { label: 'only the token', protocols: ['toolshed-token.corpus-token-0123456789'] },
  { label: 'an empty token', protocols: ['toolshed', 'toolshed-token.'] },
  { label: 'a prefix of the token', protocols: ['toolshed', 'toolshed-token.corpus-token'] },
  { label: 'the token and more', protocols: ['toolshed', 'toolshed-token.corpus-token-01234567890'] },
  { label: 'a 4 KiB token', protocols: ['toolshed', `toolshed-token.${'a'.repeat(4096)}`] },
  { label: 'the token in other case', protocols: ['toolshed', 'toolshed-token.CORPUS-TOKEN-0123456789'] },
  { label: 'a wrong prefix', protocols: ['toolshed', 'toolshed_token.corpus-token-0123456789'] },
  { label: 'the token as a cookie', protocols: ['toolshed'], headers: { cookie: 'toolshed_token=corpus-token-0123456789' } },
  { label: 'the token as a bearer', protocols: ['toolshed'], headers: { authorization: 'Bearer corpus-token-0123456789' } },
  { label: 'a foreign origin', protocols: ['toolshed', 'toolshed-token.corpus-token-0123456789'], headers: { origin: 'http://evil.example' } },
  { label: 'the null origin', protocols: ['toolshed', 'toolshed-token.corpus-token-0123456789'], headers: { origin: 'null' } },
  { label: 'another port on loopback', protocols: ['toolshed', 'toolshed-token.corpus-token-0123456789'], headers: { origin: 'http://127.0.0.1:1' } },
  { label: 'a foreign host', protocols: ['toolshed', 'toolshed-token.corpus-token-0123456789'], headers: { host: 'evil.example' } },
];

describe('the served gate refuses hostile credentials', () => {
  it.each(GATE_CORPUS.map((entry) => [entry.label, entry] as const))('%s', async (_label, entry) => {
    tried += 1;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, entry.protocols, { headers: { origin: server.origin, ...entry.headers } });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('error', () => resolve(0));
    });
    expect([401, 403, 421]).toContain(status);
  });

  it.each([
    '',
    'Bearer',
    'Bearer ',
    'Basic Y29ycHVzOnRva2Vu',
    `Bearer ${'x'.repeat(8000)}`,
    'Bearer corpus-token-0123456789 extra',
    'bearer corpus-token-0123456789',
  ])('the session check refuses "%s"', async (authorization) => {
    tried += 1;
    const response = await fetch(`http://127.0.0.1:${server.port}/session?token=corpus-token-0123456789`, { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('takes no token that could not travel as a subprotocol', async () => {
    for (const token of ['', 'short', 'has space 0123456789', 'semi;colon0123456789', 'ünïcode-0123456789', 'x'.repeat(200)]) {
      await expect(startServer({ engine, staticDir: os.tmpdir(), token })).rejects.toThrow(/token/);
    }
  });
});

describe('afterwards', () => {
  it('never called podman with any of it, and still serves', async () => {
    podmanCallsDuringCorpus = podmanCalls.length;
    expect(podmanCalls).toEqual([]);
    const reply = await callOverSocket('getStatus', {});
    expect(reply.ok).toBe(true);
  });

  it('refuses a call from a frame other than the app window over IPC', async () => {
    const ipc = createIpcCallHandler(engine.api, () => undefined);
    const foreign = { url: 'https://evil.example/' };
    const sub = { url: 'app://toolshed/index.html' };
    const refused = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await ipc({ senderFrame: foreign, sender: { mainFrame: foreign } } as never, 'getStatus', {})).toMatchObject(refused);
    expect(await ipc({ senderFrame: sub, sender: { mainFrame: { url: 'app://toolshed/index.html' } } } as never, 'getStatus', {})).toMatchObject(refused);
    expect(await ipc({ senderFrame: null, sender: { mainFrame: sub } } as never, 'getStatus', {})).toMatchObject(refused);
    // look-alikes of the app's own address
    for (const url of ['app://toolshed.evil/index.html', 'app://evil/toolshed', 'https://toolshed/index.html', 'app://toolshed@evil/']) {
      const frame = { url };
      expect(await ipc({ senderFrame: frame, sender: { mainFrame: frame } } as never, 'getStatus', {}), url).toMatchObject(refused);
    }
  });

  it('answers a call from the app window itself (app://toolshed, whose origin Node calls "null")', async () => {
    const ipc = createIpcCallHandler(engine.api, () => undefined);
    const frame = { url: 'app://toolshed/index.html' };
    expect(new URL(frame.url).origin).toBe('null');
    expect(await ipc({ senderFrame: frame, sender: { mainFrame: frame } } as never, 'getStatus', {})).toMatchObject({ ok: true });
  });
});
