// The mosaic's layout as data: geometries (square grids, one large tile + small ones), URL round trip,
// filling, swapping, keyboard moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assign, buildGeometry, geometryCode, layoutFor, layoutPath, mosaicPath, moveSelection, parseGeometry, readLayout, reshape, squareGeometry, swap } from '../../web/src/live/mosaic-state.js';

const KNOWN = ['a', 'b', 'c', 'd', 'e', 'f'];
const paramsOf = (path: string): URLSearchParams => new URL(path, 'http://vigie').searchParams;

test('picks the smallest square mosaic for a number of cameras, at most 25 tiles', () => {
  assert.deepEqual([0, 1, 2, 4, 5, 9, 10, 16, 17, 40].map(layoutFor), [1, 1, 4, 4, 9, 9, 16, 16, 25, 25]);
});

test('a large tile covers its cells; the other cells are 1×1 tiles in reading order', () => {
  const oneAndFive = buildGeometry(3, 3, [{ col: 0, row: 0, colSpan: 2, rowSpan: 2 }]);
  assert.equal(oneAndFive.tiles.length, 6);
  assert.deepEqual(
    oneAndFive.tiles.map((t) => [t.col, t.row]),
    [
      [0, 0],
      [2, 0],
      [2, 1],
      [0, 2],
      [1, 2],
      [2, 2],
    ],
  );
  assert.equal(geometryCode(oneAndFive), '3x3,0.0.2.2');
  assert.deepEqual(parseGeometry('3x3,0.0.2.2'), oneAndFive);
  // Outside the grid or overlapping: dropped, the cells stay small.
  assert.equal(buildGeometry(3, 3, [{ col: 2, row: 2, colSpan: 2, rowSpan: 2 }]).tiles.length, 9);
  assert.equal(
    buildGeometry(4, 4, [
      { col: 0, row: 0, colSpan: 2, rowSpan: 2 },
      { col: 1, row: 1, colSpan: 2, rowSpan: 2 },
    ]).tiles.length,
    13,
  );
  assert.equal(parseGeometry('6x6'), null);
  assert.equal(parseGeometry('3x3,a.b'), null);
});

test('reads back what it writes, with empty tiles and unknown cameras as empty', () => {
  const layout = { geometry: parseGeometry('4x4,1.0.2.2') ?? squareGeometry(1), slots: ['a', null, 'zz', 'd', ...Array<null>(9).fill(null)] };
  assert.deepEqual(readLayout(paramsOf(layoutPath(layout)), KNOWN), { ...layout, slots: ['a', null, null, 'd', ...Array<null>(9).fill(null)] });
  assert.deepEqual(readLayout(paramsOf(mosaicPath(4, ['a', null, 'zz', 'd'])), KNOWN).slots, ['a', null, null, 'd']);
});

test('without cameras in the URL, fills the tiles with the first cameras the user may see; the older n= still reads', () => {
  assert.deepEqual(readLayout(paramsOf('/mosaique?g=2x2'), KNOWN).slots, ['a', 'b', 'c', 'd']);
  assert.deepEqual(readLayout(paramsOf('/mosaique'), ['a']), { geometry: squareGeometry(1), slots: ['a'] });
  assert.deepEqual(readLayout(paramsOf('/mosaique?n=4'), ['a']).slots, ['a', null, null, null]);
  assert.equal(readLayout(paramsOf('/mosaique?n=1&cams=b'), KNOWN).geometry.tiles.length, 1);
  assert.equal(readLayout(paramsOf('/mosaique?n=7&cams=a,b'), KNOWN).geometry.tiles.length, 4);
});

test('growing adds cameras not shown yet; shrinking keeps the first tiles; tiles swap', () => {
  const four = { geometry: squareGeometry(2), slots: ['c', null, 'a', 'b'] };
  assert.deepEqual(reshape(four, squareGeometry(3), KNOWN).slots, ['c', null, 'a', 'b', 'd', 'e', 'f', null, null]);
  assert.deepEqual(reshape(four, squareGeometry(1), KNOWN).slots, ['c']);
  assert.deepEqual(assign(four, 1, 'f').slots, ['c', 'f', 'a', 'b']);
  assert.deepEqual(swap(four, 0, 3).slots, ['b', null, 'a', 'c']);
});

test('arrow keys: left and right wrap in reading order, up and down go to the nearest tile and stop at the edges', () => {
  const nine = squareGeometry(3);
  assert.equal(moveSelection(4, nine, 'ArrowUp'), 1);
  assert.equal(moveSelection(4, nine, 'ArrowDown'), 7);
  assert.equal(moveSelection(7, nine, 'ArrowDown'), 7);
  assert.equal(moveSelection(1, nine, 'ArrowUp'), 1);
  assert.equal(moveSelection(2, nine, 'ArrowRight'), 3);
  assert.equal(moveSelection(15, squareGeometry(4), 'ArrowRight'), 0);
  assert.equal(moveSelection(0, squareGeometry(4), 'ArrowLeft'), 15);
  assert.equal(moveSelection(0, squareGeometry(1), 'ArrowDown'), 0);
  // 1+5: below the large tile is the bottom row's middle-left tile; below the right column's top tile, its next.
  const oneAndFive = parseGeometry('3x3,0.0.2.2') ?? nine;
  assert.equal(moveSelection(0, oneAndFive, 'ArrowDown'), 3);
  assert.equal(moveSelection(1, oneAndFive, 'ArrowDown'), 2);
  assert.equal(moveSelection(4, oneAndFive, 'ArrowUp'), 0);
});
