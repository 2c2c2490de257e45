// Live pictures for analytics from Vigie's own hub (the stream the ingest already pulls from the camera), not from
// the camera's URL: no second connection to the camera, and no camera password on an ffmpeg command line (where
// `ps` would show it). The access units are written to one ffmpeg decoder's stdin as an elementary stream.
import { joinAnnexB } from '../media/h264/index.js';
import type { AccessUnit, StreamSource, Subscription, TrackInfo } from '../media/hub/index.js';
import type { RgbFrame } from './detector.js';
import { analysisSize, FrameSource } from './frames.js';

export class HubFrames {
  private readonly subscription: Subscription;
  private frames: FrameSource | undefined;
  private track: TrackInfo | undefined;
  private skipping = false;
  private ended: string | undefined;
  private readonly ready: Promise<void>;
  private settle: (() => void) | undefined;

  constructor(
    source: StreamSource,
    private readonly streamKey: string,
    private readonly fps: number,
  ) {
    this.ready = new Promise((resolve) => (this.settle = resolve));
    this.subscription = source.subscribe(
      streamKey,
      {
        label: `analytics ${streamKey}`,
        borrowsUnits: true,
        start: (track) => this.start(track),
        accept: (unit) => this.feed(unit),
        stop: (reason) => this.end(reason === 'source-ended' ? 'la caméra a cessé de publier' : reason === 'track-changed' ? "le format de l'image a changé" : 'arrêt'),
      },
      { startAt: 'last-keyframe', maxQueuedBytes: 8 * 1024 * 1024 },
    );
  }

  /** The analysis size once the camera's first picture format is known, or why there is none (French). */
  async size(timeoutMs: number): Promise<{ width: number; height: number } | string> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (this.frames !== undefined) return { width: this.frames.width, height: this.frames.height };
    return this.ended ?? `la caméra n'a envoyé aucune image en ${Math.round(timeoutMs / 1000)} s`;
  }

  next(): Promise<RgbFrame | null> {
    return this.frames?.next() ?? Promise.resolve(null);
  }

  skipToNewest(): void {
    this.frames?.skipToNewest();
  }

  get errorText(): string {
    return this.ended ?? this.frames?.errorText ?? '';
  }

  close(): void {
    this.subscription.close();
    this.end('arrêt');
  }

  private start(track: TrackInfo): void {
    if (this.frames !== undefined) {
      // A new picture format: this run ends, the runner starts again on the new one.
      this.end("le format de l'image a changé");
      return;
    }
    if (track.width === undefined || track.height === undefined) {
      this.end(`la taille de l'image de ${this.streamKey} est inconnue`);
      return;
    }
    this.track = track;
    const size = analysisSize({ width: track.width, height: track.height });
    this.frames = new FrameSource({ url: { pipe: track.codec === 'h265' ? 'hevc' : 'h264' }, ...size, fps: this.fps });
    this.settle?.();
  }

  private feed(unit: AccessUnit): void {
    const frames = this.frames;
    const sets = this.track?.parameterSets;
    if (frames === undefined || this.ended !== undefined) return;
    // A decoder seconds behind is of no use live: skip to the next keyframe rather than queue pictures.
    if (frames.lagging) this.skipping = true;
    if (this.skipping && !unit.isKeyframe) return;
    this.skipping = false;
    // Parameter sets before every keyframe, so the decoder starts whether the camera sends them in band or not.
    const nals = unit.isKeyframe && sets !== undefined ? [...(sets.vps === undefined ? [] : [sets.vps]), sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits;
    frames.write(joinAnnexB(nals));
  }

  private end(reason: string): void {
    this.ended ??= reason;
    this.frames?.close();
    this.settle?.();
  }
}
