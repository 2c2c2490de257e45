// MP4 for Vigie: fragmented MP4 writer (live view over MSE, recording files), reader (recovery, playback,
// export) and a progressive writer for exports.
export { codecString, writeInitSegment } from './init-segment.js';
export { writeMediaFragment, mediaFragmentParts, sampleDurations, type FragmentOptions } from './fragment.js';
export { parseInitSegment, parseFragments, fragmentAccessUnits, walkBoxes, type Mp4Fragment, type Mp4Sample, type BoxHeader } from './reader.js';
export { ProgressiveMp4Writer, type ProgressiveSample } from './progressive-writer.js';
export { VIDEO_TIMESCALE } from './bytes.js';
export { MP4_ERRORS } from './errors.js';
