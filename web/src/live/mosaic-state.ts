// The mosaic as data: a grid of `cols` × `rows` cells covered by tiles (1×1, or larger for the "one large
// tile + small ones" layouts), and which camera each tile shows. Geometry and cameras live in the URL
// (/mosaique?g=3x3,0.0.2.2&cams=a,b,,d) so a layout can be bookmarked and the browser's back button works.
// A geometry code is COLSxROWS followed by its large tiles as col.row.colSpan.rowSpan; every other cell is a
// 1×1 tile. Tiles are numbered in reading order of their top-left cell.

export interface TileBox {
  readonly col: number;
  readonly row: number;
  readonly colSpan: number;
  readonly rowSpan: number;
}

export interface Geometry {
  readonly cols: number;
  readonly rows: number;
  readonly tiles: readonly TileBox[];
}

export interface MosaicLayout {
  readonly geometry: Geometry;
  /** One entry per tile: a camera id, or null for an empty tile. */
  readonly slots: readonly (string | null)[];
}

export const MAX_SIDE = 5;

/** The layouts offered in the toolbar: square grids, then one large tile with small ones around it. */
export const PRESETS: ReadonlyArray<{ readonly code: string; readonly label: string; readonly title: string }> = [
  ...[1, 2, 3, 4, 5].map((n) => ({ code: `${n}x${n}`, label: String(n * n), title: `${n * n} vignette${n > 1 ? 's' : ''} (touche ${n})` })),
  { code: '3x3,0.0.2.2', label: '1+5', title: 'Une grande vignette et 5 petites' },
  { code: '4x4,0.0.3.3', label: '1+7', title: 'Une grande vignette et 7 petites' },
  { code: '4x4,1.0.2.2', label: '1+12', title: 'Une grande vignette au centre et 12 petites' },
];

/** The geometry of `cols` × `rows` with the given large tiles (clipped to the grid, overlaps dropped). */
export function buildGeometry(cols: number, rows: number, large: readonly TileBox[] = []): Geometry {
  const owner: Array<TileBox | null> = Array.from({ length: cols * rows }, () => null);
  const placed: TileBox[] = [];
  for (const box of large) {
    if (box.col < 0 || box.row < 0 || box.colSpan < 1 || box.rowSpan < 1 || box.col + box.colSpan > cols || box.row + box.rowSpan > rows) continue;
    const cells = cellsOf(box, cols);
    if (cells.some((cell) => owner[cell] !== null)) continue;
    for (const cell of cells) owner[cell] = box;
    placed.push(box);
  }
  const tiles: TileBox[] = [];
  for (let cell = 0; cell < cols * rows; cell += 1) {
    const box = owner[cell];
    const col = cell % cols;
    const row = Math.floor(cell / cols);
    if (box === null || box === undefined) tiles.push({ col, row, colSpan: 1, rowSpan: 1 });
    else if (box.col === col && box.row === row) tiles.push(box);
  }
  return { cols, rows, tiles };
}

function cellsOf(box: TileBox, cols: number): number[] {
  const cells: number[] = [];
  for (let r = box.row; r < box.row + box.rowSpan; r += 1) for (let c = box.col; c < box.col + box.colSpan; c += 1) cells.push(r * cols + c);
  return cells;
}

export function squareGeometry(side: number): Geometry {
  return buildGeometry(side, side);
}

export function geometryCode(geometry: Geometry): string {
  const large = geometry.tiles.filter((t) => t.colSpan > 1 || t.rowSpan > 1).map((t) => `${t.col}.${t.row}.${t.colSpan}.${t.rowSpan}`);
  return [`${geometry.cols}x${geometry.rows}`, ...large].join(',');
}

/** Null for a malformed code or a grid larger than 5×5. */
export function parseGeometry(code: string): Geometry | null {
  const [size, ...large] = code.split(',');
  const match = /^([1-5])x([1-5])$/.exec(size ?? '');
  if (match === null) return null;
  const boxes: TileBox[] = [];
  for (const part of large) {
    const numbers = part.split('.').map(Number);
    if (numbers.length !== 4 || numbers.some((n) => !Number.isInteger(n))) return null;
    const [col = 0, row = 0, colSpan = 1, rowSpan = 1] = numbers;
    boxes.push({ col, row, colSpan, rowSpan });
  }
  return buildGeometry(Number(match[1]), Number(match[2]), boxes);
}

/** The smallest square mosaic for `count` cameras, as its number of tiles (at most 25). */
export function layoutFor(count: number): number {
  const side = Math.min(MAX_SIDE, Math.max(1, Math.ceil(Math.sqrt(count))));
  return side * side;
}

/** A square mosaic of `size` tiles (1, 4, 9, 16 or 25) showing these cameras. */
export function mosaicPath(size: number, cameraIds: readonly (string | null)[]): string {
  return layoutPath({ geometry: squareGeometry(Math.max(1, Math.min(MAX_SIDE, Math.round(Math.sqrt(size))))), slots: cameraIds });
}

export function layoutPath(layout: MosaicLayout): string {
  const cams = layout.slots.map((id) => id ?? '').join(',');
  return `/mosaique?g=${encodeURIComponent(geometryCode(layout.geometry)).replaceAll('%2C', ',')}&cams=${encodeURIComponent(cams).replaceAll('%2C', ',')}`;
}

/**
 * Reads the layout from the URL (`g`, or the older `n` = number of tiles of a square grid); unknown cameras
 * become empty tiles. Without cameras in the URL the first cameras the user may see fill the tiles.
 */
export function readLayout(params: URLSearchParams, known: readonly string[]): MosaicLayout {
  const listed = params.get('cams');
  const ids = listed === null ? null : listed.split(',');
  const asked = params.get('g');
  const n = Number(params.get('n'));
  const geometry =
    (asked === null ? null : parseGeometry(asked)) ??
    (Number.isInteger(Math.sqrt(n)) && n >= 1 && n <= MAX_SIDE * MAX_SIDE ? squareGeometry(Math.sqrt(n)) : squareGeometry(Math.sqrt(layoutFor(ids?.length ?? Math.min(4, known.length)))));
  const slots = (ids ?? known.slice(0, geometry.tiles.length)).map((id) => (known.includes(id) ? id : null));
  return reshape({ geometry, slots }, geometry, []);
}

/** Changes the geometry; new tiles get cameras not shown yet, in `known` order; extra cameras are dropped. */
export function reshape(layout: MosaicLayout, geometry: Geometry, known: readonly string[]): MosaicLayout {
  const slots = layout.slots.slice(0, geometry.tiles.length);
  const spare = known.filter((id) => !slots.includes(id));
  while (slots.length < geometry.tiles.length) slots.push(spare.shift() ?? null);
  return { geometry, slots };
}

export function assign(layout: MosaicLayout, index: number, cameraId: string | null): MosaicLayout {
  return { geometry: layout.geometry, slots: layout.slots.map((id, i) => (i === index ? cameraId : id)) };
}

/** Exchanges two tiles' cameras (a tile dragged onto another). */
export function swap(layout: MosaicLayout, from: number, to: number): MosaicLayout {
  const slots = [...layout.slots];
  [slots[from], slots[to]] = [slots[to] ?? null, slots[from] ?? null];
  return { geometry: layout.geometry, slots };
}

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/**
 * The tile reached from `index` by an arrow key: left/right go to the previous/next tile in reading order
 * (wrapping), up/down to the nearest tile above/below, staying put at the edge.
 */
export function moveSelection(index: number, geometry: Geometry, arrow: Arrow): number {
  const count = geometry.tiles.length;
  if (arrow === 'ArrowLeft') return (index - 1 + count) % count;
  if (arrow === 'ArrowRight') return (index + 1) % count;
  const from = geometry.tiles[index];
  if (from === undefined) return 0;
  const centre = from.col + from.colSpan / 2;
  let best = index;
  let bestScore = Number.POSITIVE_INFINITY;
  geometry.tiles.forEach((tile, i) => {
    const vertical = arrow === 'ArrowUp' ? from.row - (tile.row + tile.rowSpan) : tile.row - (from.row + from.rowSpan);
    if (i === index || vertical < 0) return;
    const score = vertical * 100 + Math.abs(tile.col + tile.colSpan / 2 - centre);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
