// What a window does with one terminal tab, for tests that drive the engine:
// collect the tab's output, ack it once "parsed", and wait for text, the
// prompt or the exit.
import type { TerminalInfo } from '../../shared/contract.js';
import type { Engine } from '../../electron/services/engine.js';

/** What a window does with one tab: collect its output and ack it once "parsed". */
export function follow(engine: Engine, id: string) {
  let output = '';
  let info: TerminalInfo | undefined;
  const waiters = new Set<() => void>();
  const subscription = engine.subscribe((message) => {
    if (message.event === 'terminalData' && message.payload.id === id) {
      output += message.payload.data;
      // an ack the engine never gets (a background engine's client disposed meanwhile) changes nothing
      engine.api.ackTerminal({ id, chars: message.payload.data.length }).catch(() => undefined);
    } else if (message.event === 'terminalChanged' && message.payload.info.id === id) {
      info = message.payload.info;
    } else return;
    for (const wake of waiters) wake();
  });
  const until = (check: () => boolean, what: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`timed out waiting for ${what}; output so far: ${JSON.stringify(output.slice(-500))}`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
    });
  return {
    get output() {
      return output;
    },
    get info() {
      return info;
    },
    waitForText: (pattern: RegExp) => until(() => pattern.test(output), String(pattern)),
    /** The shell's prompt (what a user waits for before typing). */
    waitForPrompt: () => until(() => /# $/.test(output), 'the prompt'),
    waitForExit: () => until(() => info?.exitCode !== undefined, 'the exit'),
    waitForInfo: (check: (i: TerminalInfo) => boolean, what: string) => until(() => info !== undefined && check(info), what),
    stop: () => subscription.dispose(),
  };
}
