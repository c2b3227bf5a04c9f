import { useEffect, useRef } from 'react';
import { closeStream, describeMediaError, openCamera } from './camera';
import { useAppStore } from './store';

export function CameraPreview() {
  const camera = useAppStore((s) => s.camera);
  const setCamera = useAppStore((s) => s.setCamera);
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (videoRef.current && camera.status === 'on') videoRef.current.srcObject = camera.stream;
  }, [camera]);

  async function toggle() {
    if (camera.status === 'on') {
      closeStream(camera.stream);
      setCamera({ status: 'off' });
      return;
    }
    setCamera({ status: 'starting' });
    try {
      setCamera({ status: 'on', stream: await openCamera() });
    } catch (error) {
      setCamera({ status: 'error', message: describeMediaError(error) });
    }
  }

  return (
    <section className="camera" aria-labelledby="camera-heading">
      <h2 id="camera-heading">Camera check</h2>
      <video ref={videoRef} className="camera-video" data-testid="camera-preview" autoPlay playsInline muted hidden={camera.status !== 'on'} />
      {camera.status === 'error' && (
        <p role="alert" className="error">
          {camera.message}
        </p>
      )}
      <button type="button" onClick={toggle} disabled={camera.status === 'starting'} aria-pressed={camera.status === 'on'}>
        {camera.status === 'on' ? 'Turn camera off' : camera.status === 'starting' ? 'Starting camera…' : 'Test camera'}
      </button>
    </section>
  );
}
