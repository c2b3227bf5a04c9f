// The running call: status bar, video stage, optional side panel, control bar, overlays.
import { useEffect } from 'react';
import { useT } from '../../i18n/use-t';
import { RecordButton, RecordingConsentPrompt, RecordingStatus } from '../recording/RecordingControls';
import { useUiStore } from '../ui-store';
import { CallTopBar } from './CallTopBar';
import { ChatPanel } from './ChatPanel';
import { ControlBar } from './ControlBar';
import { HelpOverlay } from './HelpOverlay';
import { InviteDialog } from './InviteDialog';
import { KnockBanner } from './KnockBanner';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ScreenSharePicker } from './ScreenSharePicker';
import { VideoGrid } from './VideoGrid';
import { setChatOpen } from './chat-state';
import { useCallShortcuts } from './use-call-shortcuts';

export function CallScreen() {
  const t = useT();
  const panel = useUiStore((s) => s.panel);
  const helpOpen = useUiStore((s) => s.helpOpen);
  const inviteOpen = useUiStore((s) => s.inviteOpen);
  const pickerOpen = useUiStore((s) => s.screenPickerOpen);
  useCallShortcuts();
  useEffect(() => {
    setChatOpen(panel === 'chat');
    return () => setChatOpen(false);
  }, [panel]);
  return (
    <div className="call">
      <h1 className="visually-hidden">{t('call.title')}</h1>
      <CallTopBar recordingIndicator={<RecordingStatus />} />
      <KnockBanner />
      <div className={panel ? 'call-body with-panel' : 'call-body'}>
        <main className="call-main">
          <VideoGrid />
        </main>
        {panel === 'participants' && <ParticipantsPanel />}
        {panel === 'chat' && <ChatPanel />}
      </div>
      <ControlBar extra={<RecordButton />} />
      {helpOpen && <HelpOverlay />}
      {inviteOpen && <InviteDialog />}
      {pickerOpen && <ScreenSharePicker />}
      <RecordingConsentPrompt />
    </div>
  );
}
