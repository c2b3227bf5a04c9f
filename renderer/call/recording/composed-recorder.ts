// What gets recorded (DESIGN.md "Recording"): the composed call. Everyone's video is drawn into
// a grid on a canvas and everyone's audio mixed with Web Audio; MediaRecorder encodes the
// canvas stream and the mix to WebM and hands out a chunk per second.
import type { RecordingResolution } from '../../../protocol/ipc-contract';
import type { MediaRecording, RecordingQuality } from './recording-controller';

export interface ComposeOptions {
  width: number;
  height: number;
  frameRate: number;
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
  /** A chunk per this many milliseconds. */
  timesliceMs: number;
}

export const DEFAULT_COMPOSE: ComposeOptions = { width: 960, height: 540, frameRate: 15, videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000, timesliceMs: 1000 };

/** The canvas size of each resolution setting (16:9, like the grid of camera tiles). */
export const RESOLUTION_SIZE: Readonly<Record<RecordingResolution, { width: number; height: number }>> = {
  '540p': { width: 960, height: 540 },
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
};

/** The settings' size and video bitrate over the defaults (frame rate, audio and chunk size stay). */
export function composeOptionsFor(quality: RecordingQuality, base: ComposeOptions = DEFAULT_COMPOSE): ComposeOptions {
  return { ...base, ...RESOLUTION_SIZE[quality.resolution], videoBitsPerSecond: quality.bitrateKbps * 1000 };
}

/** The grid for n tiles: columns and rows as close to square as the count allows. */
export function gridOf(count: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  return { columns, rows: Math.max(1, Math.ceil(count / columns)) };
}

/** The largest rectangle of the video's aspect ratio inside a cell, centred. */
export function fitInto(videoWidth: number, videoHeight: number, cell: { x: number; y: number; width: number; height: number }) {
  if (videoWidth <= 0 || videoHeight <= 0) return cell;
  const scale = Math.min(cell.width / videoWidth, cell.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { x: cell.x + (cell.width - width) / 2, y: cell.y + (cell.height - height) / 2, width, height };
}

interface Tile {
  video: HTMLVideoElement;
  audio: MediaStreamAudioSourceNode | null;
}

function mimeType(): string | undefined {
  return ['video/webm;codecs=vp8,opus', 'video/webm'].find((type) => MediaRecorder.isTypeSupported(type));
}

/**
 * Starts recording the streams `streams()` returns (ours first, then the others in call order),
 * re-reading them every frame so joiners appear and leavers disappear.
 */
export function startComposedRecording(streams: () => MediaStream[], onChunk: (chunk: Blob) => void, options: ComposeOptions = DEFAULT_COMPOSE): MediaRecording {
  const canvas = document.createElement('canvas');
  canvas.width = options.width;
  canvas.height = options.height;
  const context = canvas.getContext('2d')!;
  const audioContext = new AudioContext();
  const mix = audioContext.createMediaStreamDestination();
  const tiles = new Map<string, Tile>();

  function sync(current: MediaStream[]): Tile[] {
    const ids = new Set(current.map((s) => s.id));
    for (const [id, tile] of tiles) {
      if (ids.has(id)) continue;
      tile.audio?.disconnect();
      tile.video.srcObject = null;
      tiles.delete(id);
    }
    return current.map((stream) => {
      let tile = tiles.get(stream.id);
      if (!tile) {
        const video = document.createElement('video');
        video.muted = true; // heard through the mix only
        video.playsInline = true;
        video.srcObject = stream;
        void video.play().catch(() => undefined);
        const audio = stream.getAudioTracks().length > 0 ? audioContext.createMediaStreamSource(stream) : null;
        audio?.connect(mix);
        tile = { video, audio };
        tiles.set(stream.id, tile);
      }
      return tile;
    });
  }

  function draw(): void {
    const current = sync(streams());
    context.fillStyle = '#111';
    context.fillRect(0, 0, canvas.width, canvas.height);
    const { columns, rows } = gridOf(current.length);
    const cellWidth = canvas.width / columns;
    const cellHeight = canvas.height / rows;
    current.forEach((tile, i) => {
      const cell = { x: (i % columns) * cellWidth, y: Math.floor(i / columns) * cellHeight, width: cellWidth, height: cellHeight };
      if (tile.video.readyState < 2) return;
      const box = fitInto(tile.video.videoWidth, tile.video.videoHeight, cell);
      context.drawImage(tile.video, box.x, box.y, box.width, box.height);
    });
  }

  draw();
  // A timer, not requestAnimationFrame: the recording must go on when the window is hidden.
  const timer = setInterval(draw, 1000 / options.frameRate);
  const video = canvas.captureStream(options.frameRate).getVideoTracks();
  const recorder = new MediaRecorder(new MediaStream([...video, ...mix.stream.getAudioTracks()]), {
    mimeType: mimeType(),
    videoBitsPerSecond: options.videoBitsPerSecond,
    audioBitsPerSecond: options.audioBitsPerSecond,
  });
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) onChunk(event.data);
  });
  recorder.start(options.timesliceMs);

  const nextData = () => new Promise<void>((resolve) => recorder.addEventListener('dataavailable', () => resolve(), { once: true }));

  return {
    async pause() {
      if (recorder.state !== 'recording') return;
      recorder.pause();
      // Hand out what was recorded before the pause, before anything else happens.
      const flushed = nextData();
      recorder.requestData();
      await flushed;
    },
    resume() {
      if (recorder.state === 'paused') recorder.resume();
    },
    async stop() {
      if (recorder.state === 'inactive') return;
      const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
      recorder.stop();
      await stopped;
      clearInterval(timer);
      for (const track of video) track.stop();
      sync([]);
      void audioContext.close().catch(() => undefined);
    },
  };
}
