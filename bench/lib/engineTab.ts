// A Toolshed tab without a window: the engine's own terminal session (pty,
// batching, flow control, headless mirror), driven through the contract's calls
// and events, with output acknowledged at once as an infinitely fast window would.
import type { Disposable } from '../../shared/disposable.js';
import type { Engine } from '../../electron/services/engine.js';
import { TerminalProbe } from './terminalProbe.js';

export class EngineTab extends TerminalProbe {
  private constructor(
    private readonly engine: Engine,
    readonly id: string,
    private readonly subscription: Disposable,
  ) {
    super();
  }

  /** Opens a tab in `container`; output that arrives before the call returns is kept. */
  static async open(engine: Engine, container: string, size = { cols: 120, rows: 30 }): Promise<EngineTab> {
    const early: { id: string; data: string }[] = [];
    let tab: EngineTab | undefined;
    const subscription = engine.subscribe((message) => {
      if (message.event === 'terminalData') {
        if (!tab) early.push(message.payload);
        else if (message.payload.id === tab.id) tab.receive(message.payload.data);
      } else if (message.event === 'terminalChanged' && tab && message.payload.info.id === tab.id && message.payload.info.exitCode !== undefined) {
        tab.markEnded();
      }
    });
    try {
      const info = await engine.api.openTerminal({ container, ...size });
      tab = new EngineTab(engine, info.id, subscription);
      for (const piece of early) if (piece.id === info.id) tab.receive(piece.data);
      return tab;
    } catch (error) {
      subscription.dispose();
      throw error;
    }
  }

  private receive(data: string): void {
    this.feed(data);
    void this.engine.api.ackTerminal({ id: this.id, chars: data.length });
  }

  write(data: string): void {
    void this.engine.api.writeTerminal({ id: this.id, data });
  }

  async close(): Promise<void> {
    this.subscription.dispose();
    await this.engine.api.closeTerminal({ id: this.id });
  }
}
