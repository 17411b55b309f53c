// What several benchmarks share, made on first use and torn down once: an
// in-process engine (as root), a running toolbox for tabs, the 50 containers
// of the list benchmark, a `toolshed serve` and a Chromium.
import type { Browser } from '@playwright/test';
import type { Engine } from '../../electron/services/engine.js';
import { launchChromium } from './browser.js';
import { operationId, scratchEngine } from '../../test/support/engine.js';
import { benchName, createLabelled, FIXTURE_IMAGE, removeContainers } from './containers.js';
import { startServe, type Serve } from '../../test/support/serve.js';

export const LIST_SIZE = 50;
export const TAB_TOOLBOX = benchName('tab');

export class Fixtures {
  private engineHandle: Engine | undefined;
  private tab: Promise<string> | undefined;
  private list: Promise<string[]> | undefined;
  private serveHandle: Promise<Serve> | undefined;
  private browserHandle: Promise<Browser> | undefined;

  constructor(private readonly log: (message: string) => void) {}

  engine(): Engine {
    this.engineHandle ??= scratchEngine();
    return this.engineHandle;
  }

  /** A toolbox made by Toolshed from the fixture image, created once. */
  tabToolbox(): Promise<string> {
    this.tab ??= (async () => {
      this.log(`making the toolbox ${TAB_TOOLBOX} for the tab benchmarks`);
      await removeContainers([TAB_TOOLBOX]);
      await this.engine().api.createToolbox({ name: TAB_TOOLBOX, image: FIXTURE_IMAGE, operationId: operationId() });
      return TAB_TOOLBOX;
    })();
    return this.tab;
  }

  /** LIST_SIZE stopped containers labelled as toolboxes (what `toolbox list` shows). */
  listContainers(): Promise<string[]> {
    this.list ??= (async () => {
      const names = Array.from({ length: LIST_SIZE }, (_, i) => benchName(`list-${String(i + 1).padStart(2, '0')}`));
      this.log(`making ${LIST_SIZE} containers for the list benchmark`);
      await removeContainers(names);
      for (const name of names) await createLabelled(name);
      return names;
    })();
    return this.list;
  }

  serve(): Promise<Serve> {
    this.serveHandle ??= startServe();
    return this.serveHandle;
  }

  browser(): Promise<Browser> {
    this.browserHandle ??= launchChromium();
    return this.browserHandle;
  }

  /** Stops what was started; the containers go with the bench's final cleanup. */
  async dispose(): Promise<void> {
    const settle = <T>(promise: Promise<T> | undefined) => promise?.catch(() => undefined);
    await (await settle(this.browserHandle))?.close().catch(() => undefined);
    await (await settle(this.serveHandle))?.stop().catch(() => undefined);
    this.engineHandle?.dispose();
    this.engineHandle = undefined;
  }
}
