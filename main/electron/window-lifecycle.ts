// What closing the window means. With keepRunningInTray (default on; setting and policy) it hides
// the window and Parley keeps listening for rings; Quit (tray or app menu, Cmd+Q) really quits.
// macOS keeps its own convention whatever the setting: closing the window leaves the app running
// in the dock, and clicking the dock icon shows the window again. Otherwise closing the last
// window quits.

export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
}

export interface WindowLifecycleDeps {
  platform: string;
  /** The effective keepRunningInTray setting, kept current by main (the close event cannot wait). */
  keepRunning: () => boolean;
}

export interface WindowLifecycle {
  /** Called from app 'before-quit': from now on closing the window closes it. */
  quitting(): void;
  /** Whether the app should stay alive once the window is gone or hidden ('window-all-closed'). */
  staysAliveWithoutWindow(): boolean;
}

export function showWindow(window: ClosableWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export function manageWindowLifecycle(window: ClosableWindow, deps: WindowLifecycleDeps): WindowLifecycle {
  let quitting = false;
  const hides = () => deps.platform === 'darwin' || deps.keepRunning();
  window.on('close', (event) => {
    if (quitting || !hides()) return;
    event.preventDefault();
    window.hide();
  });
  return {
    quitting: () => void (quitting = true),
    staysAliveWithoutWindow: () => !quitting && hides(),
  };
}
