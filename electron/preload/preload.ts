// The only bridge between the sandboxed renderer and the main process:
// window.toolshed's engine calls and events, and the shell's questions to the
// window (quit with busy tabs?), the desktop's file chooser; nothing of
// Electron or Node exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_PICK_PATH_CHANNEL,
  IPC_SHELL_ANSWER_CHANNEL,
  IPC_SHELL_REQUEST_CHANNEL,
  type ShellRequest,
  type ToolshedBridge,
} from '../../shared/bridge.js';
import type { EventMessage } from '../../shared/contract.js';
import type { Reply } from '../../shared/wire.js';

const bridge: ToolshedBridge = {
  call: (method, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args) as Promise<Reply>,
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
  pickPath: (request) => ipcRenderer.invoke(IPC_PICK_PATH_CHANNEL, request) as Promise<string | null>,
  onShellRequest(handler) {
    const answer = (_event: IpcRendererEvent, request: ShellRequest) => {
      void handler(request)
        .catch(() => false)
        .then((confirmed) => ipcRenderer.invoke(IPC_SHELL_ANSWER_CHANNEL, request.id, confirmed === true));
    };
    ipcRenderer.on(IPC_SHELL_REQUEST_CHANNEL, answer);
    return () => {
      ipcRenderer.removeListener(IPC_SHELL_REQUEST_CHANNEL, answer);
    };
  },
};

contextBridge.exposeInMainWorld('toolshed', bridge);
