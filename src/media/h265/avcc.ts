// Length-prefixed framing of H.265 samples (ISO/IEC 14496-15 §8.3.2) is the same as AVCC: one implementation, two doors.
export { splitAvcc, joinAvcc } from '../h264/avcc.js';
