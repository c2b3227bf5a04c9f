// The app shell: applies language and theme, then shows the screen for the call phase (while a
// call is joining, waiting, running or failed) or the one the person navigated to.
import { returnHomeAfterLeaving } from './return-home';
import { useEffect } from 'react';
import { useCallStore } from '../call/call-store';
import { useT } from '../i18n/use-t';
import { Toasts } from './Toasts';
import { watchCallEvents } from './call-events';
import { AppHeader } from './AppHeader';
import { ContactsScreen } from './contacts/ContactsScreen';
import { RingViews } from './contacts/RingViews';
import { ErrorScreen } from './errors/ErrorScreen';
import { HomeScreen } from './home/HomeScreen';
import { MeetingsScreen } from './meetings/MeetingsScreen';
import { CallScreen } from './meeting/CallScreen';
import { JoiningScreen } from './meeting/JoiningScreen';
import { LobbyScreen } from './meeting/LobbyScreen';
import { useAppInfoLoader } from './app-info';
import { KeystoreGate } from './keystore/KeystoreGate';
import { PreJoinScreen } from './prejoin/PreJoinScreen';
import { PrivacyScreen } from './privacy/PrivacyScreen';
import { applyStartMutedOnJoin } from './join-preferences';
import { watchPendingJoinLinks } from './pending-join';
import { watchDesktopEvents } from './desktop-events';
import { reportCallErrors } from './call-error-report';
import { watchRelayHosting } from './reach/hosting-store';
import { rememberRoomsOnJoin } from './remember-rooms';
import { SettingsScreen } from './settings/SettingsScreen';
import { SkipLink } from './SkipLink';
import { startSettingsSync } from './settings-sync';
import { useApplyDocumentSettings } from './theme';
import { useUiStore } from './ui-store';

function NavigatedScreen() {
  const screen = useUiStore((s) => s.screen);
  switch (screen) {
    case 'home':
      return <HomeScreen />;
    case 'prejoin':
      return <PreJoinScreen />;
    case 'meetings':
      return <MeetingsScreen />;
    case 'contacts':
      return <ContactsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'privacy':
      return <PrivacyScreen />;
  }
}

function Screens() {
  const phase = useCallStore((s) => s.phase);
  switch (phase) {
    case 'joining':
      return <JoiningScreen />;
    case 'lobby':
      return <LobbyScreen />;
    case 'in-call':
      return <CallScreen />;
    case 'error':
      return <ErrorScreen />;
    case 'idle':
    case 'left':
      return (
        <div className="app-frame">
          <AppHeader />
          <NavigatedScreen />
        </div>
      );
  }
}

export function App() {
  const t = useT();
  useApplyDocumentSettings(t('app.title'));
  useAppInfoLoader();
  useEffect(() => {
    const stopEvents = watchCallEvents();
    const stopRemembering = rememberRoomsOnJoin();
    const stopSync = startSettingsSync();
    const stopLinks = watchPendingJoinLinks();
    const stopMuting = applyStartMutedOnJoin();
    const stopReturning = returnHomeAfterLeaving();
    const stopHosting = watchRelayHosting();
    const stopDesktop = watchDesktopEvents();
    const stopReporting = reportCallErrors();
    return () => {
      stopReporting();
      stopDesktop();
      stopHosting();
      stopReturning();
      stopMuting();
      stopEvents();
      stopRemembering();
      stopSync();
      stopLinks();
    };
  }, []);
  return (
    <>
      <SkipLink />
      <KeystoreGate>
        <Screens />
        <RingViews />
      </KeystoreGate>
      <Toasts />
    </>
  );
}
