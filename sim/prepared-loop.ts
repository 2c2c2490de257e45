// A loop parsed once into pictures and pre-packetized RTP payloads, shared read-only by every camera that
// plays it: per camera and per frame only a small AccessUnit object is made, never a copy of the bytes.
import { readFile } from 'node:fs/promises';
import { VigieError } from '../src/core/errors.js';
import { lengthPrefixed, type TrackInfo, type VideoCodec } from '../src/media/hub/index.js';
import { AnnexBAccessUnitReader, type AnnexBPicture } from '../src/media/ffmpeg/index.js';
import type { LoopFile } from './loop-cache.js';
import { rtpPacketsFor, trackFor } from './codec-support.js';

export interface LoopPicture extends AnnexBPicture {
  /** The NAL units length-prefixed, as access units carry them (`nalUnits` are views into it). */
  readonly sample: Uint8Array;
  /** Whole RTP packets (sequence 0…, timestamp 0, SSRC 0, marker on the last): the server rewrites the header. */
  readonly rtpPackets: readonly Uint8Array[];
}

export interface PreparedLoop {
  readonly codec: VideoCodec;
  readonly track: TrackInfo;
  readonly pictures: readonly LoopPicture[];
  readonly fps: number;
  readonly label: string;
}

export const RTP_PAYLOAD_TYPE = 96;

export async function prepareLoop(file: LoopFile): Promise<PreparedLoop> {
  const codec = file.spec.codec;
  const bytes = new Uint8Array(await readFile(file.path));
  const reader = new AnnexBAccessUnitReader(codec);
  const raw = [...reader.push(bytes), ...reader.flush()];
  const first = raw[0];
  if (first === undefined || !first.isKeyframe) {
    throw new VigieError('VIGIE_SIM_LOOP_INVALID', `loop ${file.path} does not start with a keyframe`, { context: { pictures: raw.length } });
  }
  const track = trackFor(codec, first.nalUnits, file.spec.fps, RTP_PAYLOAD_TYPE);
  const pictures = raw.map((picture) => ({ ...picture, ...lengthPrefixed(picture.nalUnits), rtpPackets: rtpPacketsFor(codec, picture.nalUnits, RTP_PAYLOAD_TYPE) }));
  return { codec, track, pictures, fps: file.spec.fps, label: `${file.source} ${file.width}x${file.height} ${codec}` };
}
