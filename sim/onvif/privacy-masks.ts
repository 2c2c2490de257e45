// The privacy masks a simulated camera applies itself (ONVIF Media2 §5.11 "Privacy masks"): polygons in the
// video source's normalised coordinates (x −1 left … +1 right, y −1 bottom … +1 top), filled with their colour in
// every picture the camera renders, before its encoder. `ignoring` makes the camera lie: it accepts and lists the
// masks but does not apply them (tests prove that Vigie's verification notices).

export type PrivacyMaskType = 'Color' | 'Pixelated' | 'Blurred';

export interface PrivacyMask {
  readonly token: string;
  readonly configurationToken: string;
  /** ONVIF normalised points. */
  readonly polygon: ReadonlyArray<{ readonly x: number; readonly y: number }>;
  readonly type: PrivacyMaskType;
  /** YCbCr (0–255) of a Color mask. */
  readonly color: { readonly y: number; readonly cb: number; readonly cr: number };
  readonly enabled: boolean;
}

export const MAX_PRIVACY_MASKS = 8;
export const MAX_PRIVACY_MASK_POINTS = 16;

export class PrivacyMasks {
  readonly #masks = new Map<string, PrivacyMask>();
  #next = 1;
  /** The camera accepts masks but does not apply them. */
  ignoring = false;

  list(): PrivacyMask[] {
    return [...this.#masks.values()];
  }

  get(token: string): PrivacyMask | undefined {
    return this.#masks.get(token);
  }

  create(mask: Omit<PrivacyMask, 'token'>): string {
    const token = `mask${this.#next++}`;
    this.#masks.set(token, { ...mask, token });
    return token;
  }

  set(mask: PrivacyMask): boolean {
    if (!this.#masks.has(mask.token)) return false;
    this.#masks.set(mask.token, mask);
    return true;
  }

  delete(token: string): boolean {
    return this.#masks.delete(token);
  }

  /** Fills the enabled masks into a yuv420p picture (unless the camera lies). */
  applyTo(frame: Uint8Array, width: number, height: number): void {
    if (this.ignoring) return;
    for (const mask of this.#masks.values()) {
      if (!mask.enabled) continue;
      // Pixelated and Blurred are drawn as their colour too: the simulator only needs the area hidden.
      fillPolygon(
        frame,
        width,
        height,
        mask.polygon.map((p) => ({ x: ((p.x + 1) / 2) * width, y: ((1 - p.y) / 2) * height })),
        mask.color,
      );
    }
  }
}

/** Even-odd scanline fill of a polygon (pixel coordinates) at pixel centres, luma and the 2×2 chroma blocks. */
function fillPolygon(frame: Uint8Array, width: number, height: number, points: ReadonlyArray<{ x: number; y: number }>, color: PrivacyMask['color']): void {
  const chromaWidth = width >> 1;
  const u = width * height;
  const v = u + chromaWidth * (height >> 1);
  for (let row = 0; row < height; row += 1) {
    const y = row + 0.5;
    const xs: number[] = [];
    for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
      const a = points[i] as { x: number; y: number };
      const b = points[j] as { x: number; y: number };
      if (a.y > y !== b.y > y) xs.push(a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.round(xs[k] as number));
      const to = Math.min(width, Math.round(xs[k + 1] as number));
      if (to <= from) continue;
      frame.fill(color.y, row * width + from, row * width + to);
      const chromaRow = (row >> 1) * chromaWidth;
      frame.fill(color.cb, u + chromaRow + (from >> 1), u + chromaRow + ((to + 1) >> 1));
      frame.fill(color.cr, v + chromaRow + (from >> 1), v + chromaRow + ((to + 1) >> 1));
    }
  }
}
