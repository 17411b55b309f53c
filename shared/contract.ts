// The one API between the renderer and the engine: every call once, with the
// schema of its arguments, its result and the events it causes. Each capability
// keeps its calls, results and events side by side in shared/contract/NAME.ts
// (named like its engine module and its renderer state module); this index
// puts them together. The preload, the IPC handlers, the WebSocket server and
// client and the renderer are all typed from here, and the backend side of
// both transports validates arguments with these schemas.
import type { z } from 'zod';
import { autoStopCalls, type AutoStopEvents, type AutoStopResults } from './contract/autoStop.js';
import { backgroundCalls, type BackgroundResults } from './contract/background.js';
import { blueprintCalls, type BlueprintResults } from './contract/blueprints.js';
import { containerCalls, type ContainerEvents, type ContainerResults } from './contract/containers.js';
import { creationCalls, type CreationEvents, type CreationResults } from './contract/creation.js';
import { desktopCalls, type DesktopResults } from './contract/desktop.js';
import { hostCommandCalls, type HostCommandEvents, type HostCommandResults } from './contract/hostCommands.js';
import { hostPathCalls, type HostPathResults } from './contract/hostPaths.js';
import { openWithCalls, type OpenWithResults } from './contract/openWith.js';
import { settingsCalls, type SettingsResults } from './contract/settings.js';
import { setupCalls, type SetupEvents, type SetupResults } from './contract/setup.js';
import { terminalCalls, type TerminalEvents, type TerminalResults } from './contract/terminals.js';
import { updateCalls, type UpdateEvents, type UpdateResults } from './contract/updates.js';

export * from './contract/autoStop.js';
export * from './contract/background.js';
export * from './contract/blueprints.js';
export * from './contract/containers.js';
export * from './contract/creation.js';
export * from './contract/desktop.js';
export * from './contract/fields.js';
export * from './contract/hostCommands.js';
export * from './contract/hostPaths.js';
export * from './contract/openWith.js';
export * from './contract/settings.js';
export * from './contract/setup.js';
export * from './contract/terminals.js';
export * from './contract/updates.js';

export const callSchemas = {
  ...containerCalls,
  ...creationCalls,
  ...settingsCalls,
  ...terminalCalls,
  ...hostPathCalls,
  ...setupCalls,
  ...desktopCalls,
  ...hostCommandCalls,
  ...updateCalls,
  ...openWithCalls,
  ...blueprintCalls,
  ...autoStopCalls,
  ...backgroundCalls,
} satisfies Record<string, z.ZodType>;

export type CallName = keyof typeof callSchemas;
export type CallArgs<K extends CallName> = z.input<(typeof callSchemas)[K]>;

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(callSchemas, value);
}

export interface CallResults
  extends
    ContainerResults,
    CreationResults,
    SettingsResults,
    TerminalResults,
    HostPathResults,
    SetupResults,
    DesktopResults,
    HostCommandResults,
    UpdateResults,
    OpenWithResults,
    BlueprintResults,
    AutoStopResults,
    BackgroundResults {}

/** What a backend implements and a client offers: one async function per call. */
export type Api = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResults[K]> };

/** Events: backend -> every connected window. */
export interface EventPayloads extends ContainerEvents, CreationEvents, TerminalEvents, SetupEvents, HostCommandEvents, UpdateEvents, AutoStopEvents {}

export type EventName = keyof EventPayloads;
export type EventMessage = { [K in EventName]: { event: K; payload: EventPayloads[K] } }[EventName];
