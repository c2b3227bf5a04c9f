import { useEffect } from 'react';
import { parleyApi } from '../parley-api';
import { CameraPreview } from './CameraPreview';
import { useAppStore } from './store';

function AppVersion() {
  const appInfo = useAppStore((s) => s.appInfo);
  const error = useAppStore((s) => s.appInfoError);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!appInfo) return <p aria-busy="true">Connecting to Parley…</p>;
  return (
    <p className="muted" data-testid="app-version">
      {appInfo.name} {appInfo.version} · {appInfo.platform}
    </p>
  );
}

export function App() {
  const setAppInfo = useAppStore((s) => s.setAppInfo);
  const setAppInfoError = useAppStore((s) => s.setAppInfoError);

  useEffect(() => {
    parleyApi()
      .getAppInfo()
      .then(setAppInfo)
      .catch((error: unknown) => setAppInfoError(error instanceof Error ? error.message : 'Parley did not answer.'));
  }, [setAppInfo, setAppInfoError]);

  return (
    <main className="home">
      <header>
        <h1>Parley</h1>
        <p>End-to-end encrypted video calls, directly between the people in them.</p>
      </header>
      <CameraPreview />
      <footer>
        <AppVersion />
      </footer>
    </main>
  );
}
