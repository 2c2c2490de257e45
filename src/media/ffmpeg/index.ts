// ffmpeg child processes where pixels must be decoded or encoded.
export { H264Transcoder, type H264TranscoderOptions } from './h264-transcoder.js';
export { AnnexBAccessUnitReader, type AnnexBPicture } from './annex-b-reader.js';
export { FFMPEG_ERRORS } from './errors.js';
export { runFfmpegOnce, type FfmpegRun } from './run-once.js';
