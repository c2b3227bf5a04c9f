// The running call: status bar, video stage, optional side panel, control bar, overlays.
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { RecordButton, RecordingConsentPrompt, RecordingStatus } from '../recording/RecordingControls';
import { useUiStore } from '../ui-store';
import { CallTopBar } from './CallTopBar';
import { ChatPanel } from './ChatPanel';
import { ControlBar } from './ControlBar';
import { DevicesDialog, useLiveDevices } from './DevicesDialog';
import { HelpOverlay } from './HelpOverlay';
import { InviteDialog } from './InviteDialog';
import { KnockBanner } from './KnockBanner';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ScreenSharePicker } from './ScreenSharePicker';
import { VideoGrid } from './VideoGrid';
import { setChatOpen } from './chat-state';
import { useCallShortcuts } from './use-call-shortcuts';

/**
 * One part of the call screen behind its own error boundary: whatever a peer's payload makes it
 * throw, the rest of the screen — above all the control bar, outside every part — stays.
 */
function Part({ name, children }: { name: string; children: ReactNode }) {
  const t = useT();
  return (
    <ErrorBoundary
      part={name}
      fallback={(retry) => (
        <div className="call-part-failed" role="alert">
          <p>{t('call.partFailed')}</p>
          <button type="button" className="button" onClick={retry}>{t('call.partRetry')}</button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

export function CallScreen() {
  const t = useT();
  const panel = useUiStore((s) => s.panel);
  const helpOpen = useUiStore((s) => s.helpOpen);
  const inviteOpen = useUiStore((s) => s.inviteOpen);
  const pickerOpen = useUiStore((s) => s.screenPickerOpen);
  const devicesOpen = useUiStore((s) => s.devicesOpen);
  useCallShortcuts();
  useLiveDevices();
  useEffect(() => {
    setChatOpen(panel === 'chat');
    return () => setChatOpen(false);
  }, [panel]);
  return (
    <div className="call">
      <h1 className="visually-hidden">{t('call.title')}</h1>
      <Part name="top bar"><CallTopBar recordingIndicator={<RecordingStatus />} /></Part>
      <Part name="knock banner"><KnockBanner /></Part>
      <div className={panel ? 'call-body with-panel' : 'call-body'}>
        <main className="call-main">
          <Part name="video grid"><VideoGrid /></Part>
        </main>
        {panel === 'participants' && <Part name="participants panel"><ParticipantsPanel /></Part>}
        {panel === 'chat' && <Part name="chat panel"><ChatPanel /></Part>}
      </div>
      <ControlBar extra={<Part name="record button"><RecordButton /></Part>} />
      {helpOpen && <Part name="help"><HelpOverlay /></Part>}
      {devicesOpen && <Part name="devices"><DevicesDialog /></Part>}
      {inviteOpen && <Part name="invite dialog"><InviteDialog /></Part>}
      {pickerOpen && <Part name="screen picker"><ScreenSharePicker /></Part>}
      <Part name="recording consent"><RecordingConsentPrompt /></Part>
    </div>
  );
}
