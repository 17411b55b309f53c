// The renderer's one store: what the engine reported (status, containers),
// what the user chose (selection, filter), and what is under way (busy
// containers, notices, a question). The functions that change each part live
// in the state module of that part (notices.ts, busy.ts, confirm.ts,
// containers.ts…).
import { create } from 'zustand';
import type { ContainerSummary, EngineStatus } from '../../shared/contract';
import type { ConnectionState } from '../api/client';

export type { ConnectionState };
import type { ConfirmRequest } from './confirm';
import type { Notice } from './notices';

export interface StoreState {
  connection: ConnectionState;
  status: EngineStatus | undefined;
  containers: ContainerSummary[];
  loaded: boolean;
  /** Why the list could not be read, while there is none to show (podman hung, say). */
  listProblem: string | undefined;
  showAll: boolean;
  filter: string;
  selectedId: string | undefined;
  /** Container id -> the action under way ("Starting…"). */
  busy: Record<string, string>;
  /** The latest progress line per container (init log while starting). */
  progress: Record<string, string>;
  notices: Notice[];
  confirm: ConfirmRequest | undefined;
  /** The blueprint dialog open, if any: kept above the details, so a toolbox renamed or remade under it does not close it. */
  blueprintDialog: BlueprintDialogRequest | undefined;
}

export type BlueprintDialogRequest = { kind: 'make' } | { kind: 'export' | 'move'; container: ContainerSummary };

export const useStore = create<StoreState>(() => ({
  connection: 'connecting',
  status: undefined,
  containers: [],
  loaded: false,
  listProblem: undefined,
  showAll: false,
  filter: '',
  selectedId: undefined,
  busy: {},
  progress: {},
  notices: [],
  confirm: undefined,
  blueprintDialog: undefined,
}));
