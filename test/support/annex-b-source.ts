// A finite RtspServerSource for tests: the pictures of an Annex-B file generated with ffmpeg, delivered quickly
// once per subscriber, then 'source-ended'. Optionally pre-packetized, as the simulator does, to exercise forwarding.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lengthPrefixed, type AccessUnit, type TrackInfo } from '../../src/media/hub/index.js';
import { groupH264AccessUnits, h264NalType, h264TrackInfo, isH264Keyframe, packetizeH264, splitAnnexB } from '../../src/media/h264/index.js';
import { groupH265AccessUnits, h265NalType, h265TrackInfo, isH265Keyframe, packetizeH265 } from '../../src/media/h265/index.js';
import type { RtspServerSource } from '../../src/media/rtsp/index.js';
import { buildRtpPackets } from '../../src/media/rtp/index.js';

export interface AnnexBClip {
  readonly codec: 'h264' | 'h265';
  readonly track: TrackInfo;
  readonly pictures: readonly (readonly Uint8Array[])[];
}

/** `frames` pictures of 320x240 at 25 fps, one keyframe a second, no B-frames, with access unit delimiters. */
export function encodeClip(dir: string, codec: 'h264' | 'h265', frames: number): AnnexBClip {
  const file = join(dir, `clip.${codec}`);
  const encoder = codec === 'h264' ? ['-c:v', 'libx264', '-bf', '0', '-x264-params', 'aud=1', '-f', 'h264'] : ['-c:v', 'libx265', '-x265-params', 'aud=1:bframes=0:log-level=error', '-f', 'hevc'];
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', String(frames), '-preset', 'ultrafast', '-g', '25', ...encoder, file]);
  const nals = splitAnnexB(new Uint8Array(readFileSync(file)));
  const typeOf = codec === 'h264' ? h264NalType : h265NalType;
  const find = (type: number): Uint8Array => nals.find((nal) => typeOf(nal) === type) ?? new Uint8Array(0);
  const track = codec === 'h264' ? h264TrackInfo(96, 90_000, { sps: find(7), pps: find(8) }) : h265TrackInfo(96, 90_000, { vps: find(32), sps: find(33), pps: find(34) });
  return { codec, track, pictures: codec === 'h264' ? groupH264AccessUnits(nals) : groupH265AccessUnits(nals) };
}

export function clipSource(clip: AnnexBClip, options: { readonly prePacketized?: boolean; readonly intervalMs?: number } = {}): RtspServerSource {
  const units: AccessUnit[] = clip.pictures.map((nalUnits, index) => {
    const isKeyframe = nalUnits.some(clip.codec === 'h264' ? isH264Keyframe : isH265Keyframe);
    const unit = { ...lengthPrefixed(nalUnits), dts90k: index * 3600, pts90k: index * 3600, wallClockMs: Date.now() + index * 40, isKeyframe };
    if (options.prePacketized !== true) return unit;
    const payloads = clip.codec === 'h264' ? packetizeH264(nalUnits, { parameterSets: clip.track.parameterSets }) : packetizeH265(nalUnits, { parameterSets: clip.track.parameterSets });
    return { ...unit, rtpPackets: buildRtpPackets(payloads, { payloadType: 96, ssrc: 1, firstSequence: 0, timestamp: index * 3600 }) };
  });
  return {
    track: () => clip.track,
    subscribe(consumer) {
      consumer.start(clip.track);
      let next = 0;
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        const unit = units[next];
        next += 1;
        if (unit === undefined) {
          clearInterval(timer);
          consumer.stop('source-ended');
          return;
        }
        const pending = consumer.accept(unit);
        if (pending instanceof Promise) {
          busy = true;
          void pending.then(() => {
            busy = false;
          });
        }
      }, options.intervalMs ?? 5);
      return { close: () => clearInterval(timer) };
    },
  };
}
