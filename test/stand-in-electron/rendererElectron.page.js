// The renderer side of the stand-in Electron, run in the window's page before
// its own scripts, in every new document of the main frame: the sandboxed
// preload's `require('electron')` (contextBridge, ipcRenderer), wired to the
// main side by requests to a reserved path that only the stand-in answers
// (windows.ts). Plain JavaScript: it is injected
// as text (windows.ts composes it with the app's built preload).
//
// What a real context-isolated renderer does and this one models:
// - ipcRenderer arguments are structured-cloned (a function throws), replies
//   and events arrive structured-cloned, in order;
// - contextBridge.exposeInMainWorld copies the API into the page: values are
//   copied, functions (both ways) are proxied, promises resolve to copies;
// - what the app's permission handlers deny, the page is denied.
// What it does not: the page and the preload share one JavaScript world here.
// The file is one function expression: windows.ts calls it with the config and the preload.
(function standInRendererElectron(config, runPreload) {
  if (window.top !== window) return; // a preload runs in the main frame only (nodeIntegrationInSubFrames: false)
  const post = (body) =>
    fetch(config.ipcPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.json());
  const listeners = new Map();

  const ipcRenderer = {
    async invoke(channel, ...args) {
      // what structured clone refuses (a function, a DOM node) throws here, as in Electron
      const answer = await post({ kind: 'invoke', channel, args: structuredClone(args) });
      if ('error' in answer) throw new Error(answer.error);
      return answer.result;
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, []);
      listeners.get(channel).push(listener);
      return ipcRenderer;
    },
    once(channel, listener) {
      const once = (...args) => {
        ipcRenderer.removeListener(channel, once);
        listener(...args);
      };
      return ipcRenderer.on(channel, once);
    },
    removeListener(channel, listener) {
      const list = listeners.get(channel) ?? [];
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
      return ipcRenderer;
    },
    removeAllListeners(channel) {
      listeners.delete(channel);
      return ipcRenderer;
    },
  };
  ipcRenderer.off = ipcRenderer.removeListener;

  // webContents.send() from the main side, in batches, in order
  Object.defineProperty(window, config.deliver, {
    value(batch) {
      for (const [channel, args] of batch) {
        for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: ipcRenderer }, ...args);
      }
    },
  });

  // values cross the bridge as copies; functions cross as functions that copy what they are given
  const copyAcross = (value) => {
    if (typeof value === 'function') return (...args) => copyAcross(value(...args.map(copyAcross)));
    if (value instanceof Promise) return value.then(copyAcross);
    if (Array.isArray(value)) return value.map(copyAcross);
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copyAcross(entry)]));
    }
    return value === null || typeof value !== 'object' ? value : structuredClone(value);
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (key in window) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      Object.defineProperty(window, key, { value: copyAcross(api), enumerable: true });
    },
  };

  if (config.denied.includes('clipboard-sanitized-write') && navigator.clipboard) {
    const refuse = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    Object.defineProperty(navigator.clipboard, 'writeText', { value: refuse });
    Object.defineProperty(navigator.clipboard, 'write', { value: refuse });
  }

  // the application menu's accelerators act on key presses the page did not consume, as on Linux
  window.addEventListener('keydown', (event) => {
    const press = { key: event.key, code: event.code, ctrl: event.ctrlKey, shift: event.shiftKey, alt: event.altKey, meta: event.metaKey };
    if (!press.ctrl && !press.alt && !press.meta && !/^F\d+$/.test(press.key)) return;
    setTimeout(() => {
      if (!event.defaultPrevented) void post({ kind: 'accelerator', args: [press] });
    }, 0);
  });

  const electron = { ipcRenderer, contextBridge };
  const sandboxedRequire = (name) => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  runPreload(sandboxedRequire, module, module.exports, '', '');
})
