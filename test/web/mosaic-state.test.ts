// The mosaic's layout as data: sizes, URL round trip, filling, keyboard moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assign, layoutFor, mosaicPath, moveSelection, readLayout, resize } from '../../web/src/live/mosaic-state.js';

const KNOWN = ['a', 'b', 'c', 'd', 'e', 'f'];
const paramsOf = (path: string): URLSearchParams => new URL(path, 'http://vigie').searchParams;

test('picks the smallest mosaic for a number of cameras, at most 16', () => {
  assert.deepEqual([0, 1, 2, 4, 5, 9, 10, 16, 40].map(layoutFor), [1, 1, 4, 4, 9, 9, 16, 16, 16]);
});

test('reads back what it writes, with empty tiles and unknown cameras as empty', () => {
  const path = mosaicPath(4, ['a', null, 'zz', 'd']);
  assert.deepEqual(readLayout(paramsOf(path), KNOWN), { size: 4, slots: ['a', null, null, 'd'] });
});

test('without cameras in the URL, fills the tiles with the first cameras the user may see', () => {
  assert.deepEqual(readLayout(paramsOf('/mosaique?n=4'), KNOWN).slots, ['a', 'b', 'c', 'd']);
  assert.deepEqual(readLayout(paramsOf('/mosaique'), ['a']), { size: 1, slots: ['a'] });
  assert.deepEqual(readLayout(paramsOf('/mosaique?n=4'), ['a']).slots, ['a', null, null, null]);
  assert.equal(readLayout(paramsOf('/mosaique?n=7&cams=a,b'), KNOWN).size, 4);
});

test('growing adds cameras not shown yet; shrinking keeps the first tiles', () => {
  const four = { size: 4 as const, slots: ['c', null, 'a', 'b'] };
  assert.deepEqual(resize(four, 9, KNOWN).slots, ['c', null, 'a', 'b', 'd', 'e', 'f', null, null]);
  assert.deepEqual(resize(four, 1, KNOWN).slots, ['c']);
  assert.deepEqual(assign(four, 1, 'f').slots, ['c', 'f', 'a', 'b']);
});

test('arrow keys move within the grid; left and right wrap, up and down stop at the edges', () => {
  assert.equal(moveSelection(4, 9, 'ArrowUp'), 1);
  assert.equal(moveSelection(4, 9, 'ArrowDown'), 7);
  assert.equal(moveSelection(7, 9, 'ArrowDown'), 7);
  assert.equal(moveSelection(1, 9, 'ArrowUp'), 1);
  assert.equal(moveSelection(2, 9, 'ArrowRight'), 3);
  assert.equal(moveSelection(15, 16, 'ArrowRight'), 0);
  assert.equal(moveSelection(0, 16, 'ArrowLeft'), 15);
  assert.equal(moveSelection(0, 1, 'ArrowDown'), 0);
});
