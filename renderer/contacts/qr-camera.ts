// The camera for scanning a contact QR code: getUserMedia into the preview <video>, and frames
// grabbed from it (downscaled: a card's QR needs no more than ~640 px). The camera is held only
// while the scan dialog is open.
import type { Frame } from '../ui/qr-decode';

export interface QrCamera {
  /** The current video frame, or null before the first one arrives. */
  grab(): Frame | null;
  /** Releases the camera (the OS camera light goes off). */
  stop(): void;
}

export type OpenQrCamera = (video: HTMLVideoElement) => Promise<QrCamera>;

const MAX_FRAME_WIDTH = 640;

export const openQrCamera: OpenQrCamera = async (video) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
  const stop = () => stream.getTracks().forEach((track) => track.stop());
  try {
    video.srcObject = stream;
    video.muted = true;
    await video.play();
  } catch (error) {
    stop();
    throw error;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    grab() {
      if (!context || video.videoWidth === 0 || video.videoHeight === 0) return null;
      const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      return context.getImageData(0, 0, canvas.width, canvas.height);
    },
    stop() {
      stop();
      video.srcObject = null;
    },
  };
};

