// A live camera: testsrc2 encoded in real time with the current UTC wall clock, to the millisecond, burned
// into the picture, so that the latency of any viewer can be read off its screen.
import type { Logger } from '../src/core/logger.js';
import type { VideoCodec } from '../src/media/hub/index.js';
import { LiveEncoder } from './live-encoder.js';
import type { SimStream } from './sim-stream.js';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 25;

/** Encoder settings shared by every real-time encode: no B-frames, an AUD per picture, a short fixed GOP. */
export function realtimeEncoderArgs(codec: VideoCodec, gopFrames: number, bitrateKbps: number): string[] {
  const gop = `aud=1:keyint=${gopFrames}:min-keyint=${gopFrames}:scenecut=0`;
  const rate = ['-b:v', `${bitrateKbps}k`, '-maxrate', `${bitrateKbps}k`, '-bufsize', `${bitrateKbps}k`, '-pix_fmt', 'yuv420p', '-an'];
  return codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-bf', '0', '-x264-params', gop, ...rate]
    : ['-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', `${gop}:bframes=0:repeat-headers=1:log-level=error`, ...rate];
}

/** Frames are stamped with the time ffmpeg generated them (wall clock, copied through), shown as HH:MM:SS.mmm UTC. */
export function startLiveCamera(options: { camera: number; codec: VideoCodec; streams: readonly SimStream[]; logger: Logger }): LiveEncoder {
  const clock = `drawtext=fontfile=${FONT}:text='LIVE cam${options.camera}  %{pts\\:gmtime\\:0\\:%H\\\\\\:%M\\\\\\:%S}.%{eif\\:mod(t*1000\\,1000)\\:d\\:3} UTC':x=20:y=20:fontsize=56:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=10`;
  return new LiveEncoder({
    label: `cam${options.camera} live`,
    codec: options.codec,
    fps: FPS,
    // `realtime` paces the generator (ffmpeg's -re misbehaves with wall-clock timestamps).
    args: [
      '-use_wallclock_as_timestamps',
      '1',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS},realtime`,
      '-copyts',
      '-vf',
      clock,
      ...realtimeEncoderArgs(options.codec, FPS, 2000),
    ],
    streams: options.streams,
    logger: options.logger,
  });
}
