// Emulation prevention in H.265 (§7.4.2) follows the same rule as H.264 (§7.4.1): one implementation, two doors.
export { removeEmulationPrevention, insertEmulationPrevention } from '../h264/emulation-prevention.js';
