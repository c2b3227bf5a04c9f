// Keeps one part of a screen from taking the whole window down. The call's stage and panels show
// what peers send (names, chat, states); if rendering any of that throws, React unmounts the
// whole tree unless a boundary catches it — a blank window while camera and microphone keep
// sending, with no way to mute or leave (issue 16). Each part gets its own boundary, and the
// control bar sits outside all of them.
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** Names the part in the log line (no payload content is logged). */
  part: string;
  /** What shows instead of the part; `retry` renders the part again. */
  fallback: (retry: () => void) => ReactNode;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    console.warn(`ui: ${this.props.part} could not be shown (${error instanceof Error ? error.name : typeof error})`);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(() => this.setState({ failed: false })) : this.props.children;
  }
}
