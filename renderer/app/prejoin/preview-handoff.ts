// The pre-join preview's camera and microphone, handed to the call on "Join". Opening them again
// would put a second getUserMedia (~100 ms, docs/PERFORMANCE.md) on the path from "Join" to the
// first frame. The call gets clones: the preview stops its own tracks when the screen goes, and a
// clone lives on until the call stops it.
type Kind = 'audio' | 'video';

const previewTracks = new Map<Kind, MediaStreamTrack>();

/** The preview's live track of its kind; the returned function withdraws it again. */
export function offerPreviewTrack(track: MediaStreamTrack): () => void {
  const kind = track.kind as Kind;
  previewTracks.set(kind, track);
  return () => {
    if (previewTracks.get(kind) === track) previewTracks.delete(kind);
  };
}

/** What a cloned camera must be changed to: the call's size and frame rate, not the preview's. */
function shapeOf(video: boolean | MediaTrackConstraints): MediaTrackConstraints | null {
  if (typeof video !== 'object') return null;
  // The device was chosen when the preview opened; the clone is of that device already.
  const { deviceId: _chosen, ...shape } = video;
  return Object.keys(shape).length > 0 ? shape : null;
}

/**
 * getUserMedia for the call: the kinds the preview has live are cloned (synchronously, before the
 * preview can stop them), only the others are opened. Audio first, then video, as getUserMedia
 * returns them.
 */
export async function openWithPreview(constraints: MediaStreamConstraints, open: (rest: MediaStreamConstraints) => Promise<MediaStream>): Promise<MediaStream> {
  const taken = new Map<Kind, MediaStreamTrack>();
  const rest: MediaStreamConstraints = {};
  for (const kind of ['audio', 'video'] as const) {
    const wanted = constraints[kind];
    if (!wanted) continue;
    const preview = previewTracks.get(kind);
    if (preview?.readyState === 'live') taken.set(kind, preview.clone());
    else rest[kind] = wanted;
  }
  try {
    const camera = taken.get('video');
    const shape = shapeOf(constraints.video ?? false);
    if (camera && shape) await camera.applyConstraints(shape);
    if (rest.audio || rest.video) {
      for (const track of (await open(rest)).getTracks()) taken.set(track.kind as Kind, track);
    }
  } catch (error) {
    for (const track of taken.values()) track.stop();
    throw error;
  }
  return new MediaStream([taken.get('audio'), taken.get('video')].filter((t): t is MediaStreamTrack => t !== undefined));
}
