// Annex-B byte-stream framing in H.265 (Annex B) is the same as in H.264: one implementation, two doors.
export { splitAnnexB, joinAnnexB } from '../h264/annex-b.js';
