// Toolboxes Toolshed will stop because nobody uses them: when each will stop
// (the row says "stops in 4 min"), kept as the engine reports it, and a
// toolbox's own auto-stop policy.
import { create } from 'zustand';
import type { Settings } from '../../shared/contract';
import { api, onEngineEvent, onReconnected } from '../api/connection';
import { notifyError } from './notices';

/** Container id -> when it will be stopped (milliseconds since the epoch). */
export const useAutoStops = create<{ stopsAt: Record<string, number> }>(() => ({ stopsAt: {} }));

export function followAutoStops(): () => void {
  const load = () =>
    void api()
      .listAutoStops({})
      .then((pending) => useAutoStops.setState({ stopsAt: Object.fromEntries(pending.map((p) => [p.id, p.stopsAt])) }))
      .catch(() => undefined);
  load();
  const stopConnection = onReconnected(load);
  const stopEvents = onEngineEvent((message) => {
    if (message.event !== 'autoStopChanged') return;
    const { id, stopsAt } = message.payload;
    useAutoStops.setState((s) => {
      const next = { ...s.stopsAt };
      if (stopsAt === null) delete next[id];
      else next[id] = stopsAt;
      return { stopsAt: next };
    });
  });
  return () => {
    stopConnection();
    stopEvents();
  };
}

/** "stops in 4 min" / "stops in 30 s" for a time to come. */
export function stopsIn(stopsAt: number, now: number): string {
  const seconds = Math.max(0, Math.round((stopsAt - now) / 1000));
  return seconds < 90 ? `stops in ${seconds} s` : `stops in ${Math.round(seconds / 60)} min`;
}

/** The auto-stop settings (the global grace, and each toolbox's own), or undefined when they cannot be read. */
export function loadAutoStopSettings(): Promise<Pick<Settings, 'autoStopSeconds' | 'autoStopByToolbox'> | undefined> {
  return api()
    .getSettings({})
    .catch(() => undefined);
}

/** Sets a toolbox's own policy (seconds, null for never, "default" to follow Settings); true when saved. */
export async function setAutoStop(container: string, seconds: number | null | 'default'): Promise<boolean> {
  try {
    await api().setAutoStop({ container, seconds });
    return true;
  } catch (error) {
    notifyError(error, `Could not change when ${container} stops`);
    return false;
  }
}
