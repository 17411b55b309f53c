// The only bridge between the sandboxed renderer and the main process: two
// functions on window.toolshed, nothing of Electron or Node exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ToolshedBridge } from '../../shared/bridge.js';
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
};

contextBridge.exposeInMainWorld('toolshed', bridge);
