// What the simulator burns into every loop picture: the frame number and loop time as text, and the frame
// number again as a 12-bit barcode that a test can read back from a decoded picture.
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
export const BARCODE_BITS = 12;

export interface BarcodeGeometry {
  readonly cell: number;
  readonly x0: number;
  readonly y0: number;
}

/** Cells are 1/18 of the picture height (40 px at 720p), on a black band at the bottom left. */
export function barcodeGeometry(width: number, height: number): BarcodeGeometry {
  const cell = Math.max(4, 2 * Math.round(height / 36));
  if (cell * (BARCODE_BITS + 2) > width) throw new RangeError(`picture ${width}x${height} too narrow for the frame barcode`);
  return { cell, x0: cell, y0: height - Math.round(1.5 * cell) };
}

/** ffmpeg filters (comma-joined) drawing the counter text and barcode onto a picture of the given size. */
export function frameOverlayFilters(width: number, height: number, title: string): string {
  const { cell, x0, y0 } = barcodeGeometry(width, height);
  const band = `drawbox=x=${cell / 2}:y=${y0 - cell / 2}:w=${cell * (BARCODE_BITS + 1)}:h=${cell * 2}:color=black:t=fill`;
  const bits = Array.from({ length: BARCODE_BITS }, (_, k) => `drawbox=x=${x0 + k * cell}:y=${y0}:w=${cell}:h=${cell}:color=white:t=fill:enable='eq(mod(floor(n/${2 ** k}),2),1)'`);
  const size = Math.round(height / 11);
  const counter = `drawtext=fontfile=${FONT}:text='f=%{eif\\:n\\:d\\:5}  t=%{pts\\:hms}':x=${size / 3}:y=${size / 3}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.75:boxborderw=${Math.round(size / 6)}`;
  const label = `drawtext=fontfile=${FONT}:text='${title}':x=w-tw-${size / 3}:y=h-th-${size / 3}:fontsize=${Math.round(size / 2)}:fontcolor=white:box=1:boxcolor=black@0.6`;
  return [band, ...bits, counter, label].join(',');
}

/** Reads the barcode from a decoded gray (luma) picture; the frame number modulo 4096. */
export function readFrameBarcode(gray: Uint8Array, width: number, height: number): number {
  const { cell, x0, y0 } = barcodeGeometry(width, height);
  const y = y0 + cell / 2;
  let value = 0;
  for (let k = 0; k < BARCODE_BITS; k += 1) {
    const x = x0 + k * cell + cell / 2;
    if ((gray[y * width + x] ?? 0) > 128) value |= 1 << k;
  }
  return value;
}
