// Runs in the sandboxed preload context: exposes `window.parley` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcOutcome } from '../protocol/ipc-contract';
import { createParleyApi } from './api';

contextBridge.exposeInMainWorld(
  'parley',
  createParleyApi((channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<IpcOutcome<unknown>>),
);
