// The mosaic as data: its size (1, 4, 9 or 16 tiles), which camera each tile shows, and how the arrow
// keys move between tiles. Size and cameras live in the URL (/mosaique?n=4&cams=a,b,,d) so a layout can
// be bookmarked and the browser's back button works.

export const LAYOUT_SIZES = [1, 4, 9, 16] as const;
export type LayoutSize = (typeof LAYOUT_SIZES)[number];

export interface MosaicLayout {
  readonly size: LayoutSize;
  /** One entry per tile: a camera id, or null for an empty tile. */
  readonly slots: readonly (string | null)[];
}

export function isLayoutSize(value: number): value is LayoutSize {
  return (LAYOUT_SIZES as readonly number[]).includes(value);
}

/** The smallest mosaic that shows `count` cameras (at most 16). */
export function layoutFor(count: number): LayoutSize {
  return LAYOUT_SIZES.find((size) => size >= count) ?? 16;
}

export function columns(size: LayoutSize): number {
  return Math.sqrt(size);
}

export function mosaicPath(size: LayoutSize, cameraIds: readonly (string | null)[]): string {
  const cams = cameraIds.map((id) => id ?? '').join(',');
  return `/mosaique?n=${size}&cams=${encodeURIComponent(cams).replaceAll('%2C', ',')}`;
}

/**
 * Reads the layout from the URL; unknown cameras become empty tiles. Without cameras in the URL the
 * first cameras the user may see fill the tiles.
 */
export function readLayout(params: URLSearchParams, known: readonly string[]): MosaicLayout {
  const asked = Number(params.get('n'));
  const listed = params.get('cams');
  const ids = listed === null ? known.slice(0, isLayoutSize(asked) ? asked : 4) : listed.split(',');
  const size = isLayoutSize(asked) ? asked : layoutFor(ids.length);
  return resize({ size, slots: ids.map((id) => (known.includes(id) ? id : null)) }, size, []);
}

/** Changes the size; a larger mosaic fills its new tiles with cameras not shown yet, in `known` order. */
export function resize(layout: MosaicLayout, size: LayoutSize, known: readonly string[]): MosaicLayout {
  const slots = layout.slots.slice(0, size);
  const spare = known.filter((id) => !slots.includes(id));
  while (slots.length < size) slots.push(spare.shift() ?? null);
  return { size, slots };
}

export function assign(layout: MosaicLayout, index: number, cameraId: string | null): MosaicLayout {
  return { size: layout.size, slots: layout.slots.map((id, i) => (i === index ? cameraId : id)) };
}

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/** The tile reached from `index` by an arrow key; left/right wrap to the previous/next row. */
export function moveSelection(index: number, size: LayoutSize, arrow: Arrow): number {
  const cols = columns(size);
  switch (arrow) {
    case 'ArrowLeft':
      return (index - 1 + size) % size;
    case 'ArrowRight':
      return (index + 1) % size;
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'ArrowDown':
      return index + cols < size ? index + cols : index;
  }
}
