import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offerPreviewTrack, openWithPreview } from './preview-handoff';

class FakeTrack {
  readyState: 'live' | 'ended' = 'live';
  readonly applied: MediaTrackConstraints[] = [];
  constructor(
    readonly kind: 'audio' | 'video',
    readonly label: string,
  ) {}
  clone(): FakeTrack {
    return new FakeTrack(this.kind, `${this.label} (clone)`);
  }
  stop(): void {
    this.readyState = 'ended';
  }
  async applyConstraints(constraints: MediaTrackConstraints): Promise<void> {
    this.applied.push(constraints);
  }
}

class FakeStream {
  constructor(private readonly tracks: FakeTrack[]) {}
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
}

const asTrack = (t: FakeTrack) => t as unknown as MediaStreamTrack;
const labels = (stream: MediaStream) => (stream as unknown as FakeStream).getTracks().map((t) => t.label);
const withdrawals: Array<() => void> = [];
const offer = (track: FakeTrack) => withdrawals.push(offerPreviewTrack(asTrack(track)));

beforeEach(() => vi.stubGlobal('MediaStream', FakeStream));
afterEach(() => {
  for (const withdraw of withdrawals.splice(0)) withdraw();
  vi.unstubAllGlobals();
});

const callConstraints = { audio: { deviceId: { ideal: 'mic-1' } }, video: { width: 640, height: 480, frameRate: 20, deviceId: { ideal: 'cam-1' } } };

describe('openWithPreview', () => {
  it('clones the live preview tracks instead of opening the devices again, shaped for the call', async () => {
    const camera = new FakeTrack('video', 'camera');
    offer(camera);
    offer(new FakeTrack('audio', 'mic'));
    const open = vi.fn();

    const stream = await openWithPreview(callConstraints, open);

    expect(open).not.toHaveBeenCalled();
    expect(labels(stream)).toEqual(['mic (clone)', 'camera (clone)']);
    const clone = (stream as unknown as FakeStream).getTracks()[1]!;
    expect(clone.applied).toEqual([{ width: 640, height: 480, frameRate: 20 }]);
    // The preview keeps (and later stops) its own track.
    expect(camera.applied).toEqual([]);
  });

  it('opens only what the preview does not have live, and keeps audio before video', async () => {
    const mic = new FakeTrack('audio', 'mic');
    offer(new FakeTrack('video', 'camera'));
    offer(mic);
    mic.stop(); // the preview closed it
    const open = vi.fn(async (rest: MediaStreamConstraints) => {
      expect(rest).toEqual({ audio: callConstraints.audio });
      return new FakeStream([new FakeTrack('audio', 'opened mic')]) as unknown as MediaStream;
    });

    const stream = await openWithPreview(callConstraints, open);

    expect(open).toHaveBeenCalledTimes(1);
    expect(labels(stream)).toEqual(['opened mic', 'camera (clone)']);
  });

  it('does not hand out a track the preview has withdrawn', async () => {
    const withdraw = offerPreviewTrack(asTrack(new FakeTrack('video', 'camera')));
    withdraw();
    const open = vi.fn(async () => new FakeStream([new FakeTrack('video', 'opened camera')]) as unknown as MediaStream);

    expect(labels(await openWithPreview({ video: true }, open))).toEqual(['opened camera']);
  });

  it('takes no camera when the call asks for none, and stops its clones when opening the rest fails', async () => {
    offer(new FakeTrack('video', 'camera'));
    offer(new FakeTrack('audio', 'mic'));
    expect(labels(await openWithPreview({ audio: true, video: false }, vi.fn()))).toEqual(['mic (clone)']);

    withdrawals.splice(0).forEach((withdraw) => withdraw());
    offer(new FakeTrack('audio', 'mic'));
    let clone: FakeTrack | undefined;
    const realClone = FakeTrack.prototype.clone;
    vi.spyOn(FakeTrack.prototype, 'clone').mockImplementation(function (this: FakeTrack) {
      clone = realClone.call(this);
      return clone;
    });
    const denied = new DOMException('camera blocked', 'NotAllowedError');
    await expect(openWithPreview({ audio: true, video: true }, async () => Promise.reject(denied))).rejects.toBe(denied);
    expect(clone?.readyState).toBe('ended');
  });
});
