// Live thumbnails on the console's small picture of the wall, in Chromium on a real Vigie: every tile of the
// monitors shows a decoded picture of its camera that changes between two refreshes (pixels compared), one
// picture per camera is shared by every monitor showing it, the page makes one WebSocket and no request flood
// (requests counted over 30 s), a hidden page closes it, drag and drop onto the small picture still pushes, a
// mayor asking for a camera of another commune is refused and gets no picture, and the journal has one entry
// per camera and console session, not one per refresh. A monitor running a tour shows its current step's cameras.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { pageApi, signInPatiently } from './support/page-api.js';
import { loginThroughApi } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;
let cameras: Array<{ id: string; name: string; commune: string }>;

before(async () => {
  server = await startTestVigie({ cameras: 6 });
  browser = await launchBrowser();
  const chef = await loginThroughApi(server.baseUrl, 'chef');
  cameras = (await chef.get('/api/cameras')) as Array<{ id: string; name: string; commune: string }>;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Shown {
  readonly camera: string;
  readonly at: number;
  readonly src: string;
  readonly width: number;
  /** 64×36 grey levels of the decoded picture. */
  readonly pixels: number[];
}

// Run in the page; a string because the server-side compiler has no DOM types.
const SHOWN = `(() => [...document.querySelectorAll('.wall-monitor img.wall-mini-picture')].filter((img) => img.complete && img.naturalWidth > 0).map((img) => {
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 36;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(img, 0, 0, 64, 36);
  const data = context.getImageData(0, 0, 64, 36).data;
  const pixels = [];
  for (let i = 0; i < data.length; i += 4) pixels.push(Math.round((data[i] + data[i + 1] + data[i + 2]) / 3));
  return { camera: img.dataset.camera, at: Number(img.dataset.at), src: img.src, width: img.naturalWidth, pixels };
}))()`;
const shown = (page: Page): Promise<Shown[]> => page.evaluate<Shown[]>(SHOWN);

const tilesOf = (ids: readonly string[], side: number) => ids.map((cameraId, i) => ({ col: i % side, row: Math.floor(i / side), colSpan: 1, rowSpan: 1, cameraId }));

test('the console’s small wall shows live thumbnails: decoded, changing, shared per camera, one socket, paused when hidden', async (t) => {
  const page = await browser.newPage();
  await signInPatiently(page, server.baseUrl, 'operateur');
  const ids = cameras.map((c) => c.id);
  assert.ok(ids.length >= 4, `the demo has cameras (${ids.length})`);
  // Monitor 1: a 3×3 grid repeating cameras; 2: one camera also on 1; 3: a 2×2 grid; the others empty.
  const pushes = [
    [
      '1',
      {
        kind: 'layout',
        layout: {
          cols: 3,
          rows: 3,
          tiles: tilesOf(
            Array.from({ length: 9 }, (_, i) => ids[i % ids.length] as string),
            3,
          ),
        },
      },
    ],
    ['2', { kind: 'camera', cameraId: ids[0] }],
    ['3', { kind: 'layout', layout: { cols: 2, rows: 2, tiles: tilesOf(ids.slice(0, 4), 2) } }],
  ] as const;
  await page.goto(`${server.baseUrl}/mur`);
  for (const [monitor, assignment] of pushes) {
    const pushed = await pageApi(page, 'PUT', `/api/wall/monitors/${monitor}/assignment`, assignment);
    assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  }
  const tiles = 9 + 1 + 4;
  // The page opens its thumbnails socket once the pushes reach it; waiting for its pictures keeps that socket,
  // which the reload below closes, out of the count.
  await waitForValue(
    async () => (await shown(page)).length,
    (n) => n === tiles,
    'the pushed monitors’ thumbnails before the reload',
    45_000,
  );
  const sockets: string[] = [];
  let closedSockets = 0;
  page.on('websocket', (socket) => {
    sockets.push(new URL(socket.url()).pathname);
    socket.on('close', () => {
      if (socket.url().includes('/api/wall/thumbnails')) closedSockets += 1;
    });
  });
  await page.reload();
  const began = performance.now();
  await waitForValue(
    async () => (await shown(page)).map((p) => p.camera.slice(0, 8)),
    (s) => s.length === tiles,
    `a decoded thumbnail in each of the ${tiles} small tiles`,
    45_000,
  );
  const first = await shown(page);
  t.diagnostic(`all ${tiles} small tiles showed a picture ${((performance.now() - began) / 1000).toFixed(1)} s after the page opened`);
  for (const picture of first) assert.ok(picture.width >= 160, `a real picture (${picture.width} px wide)`);
  const byCamera = new Map<string, Set<string>>();
  for (const picture of first) byCamera.set(picture.camera, (byCamera.get(picture.camera) ?? new Set()).add(picture.src));
  for (const [camera, sources] of byCamera) assert.equal(sources.size, 1, `every tile of camera ${camera} shows the same picture`);
  await screenshot(page, 'wall-console-thumbnails');

  // The pictures change: for each camera a later refresh whose pixels differ from the first beyond the JPEG's noise
  // (not necessarily the next one: a simulated camera loops a clip, and two keyframes a loop apart are alike).
  const movedSince = (before: Shown, after: Shown): number => before.pixels.filter((value, i) => Math.abs(value - (after.pixels[i] ?? value)) > 12).length;
  const changes = new Map<string, { moved: number; seconds: number; refreshes: number }>();
  const seen = new Map<string, Set<number>>();
  await waitForValue(
    async () => {
      for (const picture of await shown(page)) {
        const before = first.find((f) => f.camera === picture.camera);
        if (before === undefined || changes.has(picture.camera)) continue;
        const times = seen.get(picture.camera) ?? new Set<number>();
        seen.set(picture.camera, times.add(picture.at));
        const moved = movedSince(before, picture);
        if (picture.at > before.at && moved > 0) changes.set(picture.camera, { moved, seconds: (picture.at - before.at) / 1000, refreshes: times.size - 1 });
      }
      return [...changes.keys()].length;
    },
    (n) => n === byCamera.size,
    'a changed picture of every camera',
    45_000,
  );
  t.diagnostic(`changed pictures, per camera: ${[...changes.values()].map((c) => `${c.moved} of 2304 pixels after ${c.seconds.toFixed(1)} s (refresh ${c.refreshes})`).join('; ')}`);

  // Requests over 30 s (pictures come by the socket; blob: URLs are the pictures handed to the <img>s).
  const requested: string[] = [];
  const count = (request: { url(): string }) => void (request.url().startsWith('blob:') ? undefined : requested.push(new URL(request.url()).pathname));
  page.on('request', count);
  await new Promise((resolve) => setTimeout(resolve, 30_000));
  page.off('request', count);
  const groups = new Map<string, number>();
  for (const path of requested) groups.set(path, (groups.get(path) ?? 0) + 1);
  t.diagnostic(`HTTP requests in 30 s: ${requested.length} (${[...groups].map(([path, n]) => `${path} ×${n}`).join(', ')})`);
  // The console polls the inventory, alerts and requests on its own; the thumbnails add no HTTP request at all.
  assert.equal(requested.filter((path) => path.includes('thumbnail') || path.includes('snapshot')).length, 0, 'no picture fetched by HTTP');
  assert.ok(requested.length <= 40, `no request flood: ${requested.length} requests in 30 s`);
  const thumbnailSockets = sockets.filter((s) => s === '/api/wall/thumbnails').length;
  assert.equal(thumbnailSockets, 1, `one thumbnails socket for the page (${sockets.join(', ')})`);

  // A hidden page stops: the socket closes.
  await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }); document.dispatchEvent(new Event('visibilitychange'))`);
  await waitForValue(
    () => Promise.resolve(closedSockets),
    (n) => n === 1,
    'the thumbnails socket closed while the page is hidden',
    5000,
  );
  await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' }); document.dispatchEvent(new Event('visibilitychange'))`);
  await waitForValue(
    () => Promise.resolve(sockets.filter((s) => s === '/api/wall/thumbnails').length),
    (n) => n === 2,
    'the thumbnails socket open again once shown',
    5000,
  );

  // Drag and drop onto the small picture still pushes, and the new camera's thumbnail comes.
  const target = ids[4 % ids.length] as string;
  await page.dragAndDrop(`.wall-source[data-source="camera"] >> nth=${4 % ids.length}`, '.wall-monitor[data-monitor="5"] .wall-mini');
  await waitForValue(
    async () => (await shown(page)).map((p) => p.camera),
    (s) => s.includes(target) && s.length === tiles + 1,
    'the dropped camera’s thumbnail on monitor 5',
    20_000,
  );
  await page.close();

  // The journal: one entry per camera and session however many refreshes, and the session's end.
  const auditor = await loginThroughApi(server.baseUrl, 'auditeur');
  const entries = await waitForValue(
    async () =>
      (
        (await auditor.get('/api/journal?action=video.live&username=operateur&limit=1000')) as {
          entries: Array<{ outcome: string; target: { type: string; cameraId?: string } | null; details: Record<string, unknown> }>;
        }
      ).entries,
    (list) => list.filter((e) => e.details['phase'] === 'end' && e.details['via'] === 'wall-thumbnails').length >= 2,
    'the two thumbnails sessions’ ends in the journal',
    10_000,
  );
  const thumbnailEntries = entries.filter((e) => e.details['via'] === 'wall-thumbnails');
  const starts = thumbnailEntries.filter((e) => e.details['phase'] === 'start');
  // One session per socket: the test's two, and one more each time a loaded machine made a socket reconnect.
  const sessions = thumbnailEntries.filter((e) => e.details['phase'] === 'end').length;
  t.diagnostic(`journal: ${thumbnailEntries.length} entries for ${sessions} sockets of one console over ~40 s (${starts.length} camera starts)`);
  for (const camera of byCamera.keys()) {
    const forCamera = starts.filter((e) => e.target?.cameraId === camera).length;
    assert.ok(forCamera >= 1 && forCamera <= sessions, `camera ${camera}: ${forCamera} start entries for ${sessions} sockets (one per socket), not one per refresh`);
  }
});

test('a monitor running a tour shows the live thumbnails of the step it is on, and follows the steps', async () => {
  const page = await browser.newPage();
  await signInPatiently(page, server.baseUrl, 'operateur');
  const [a, b, c] = cameras.map((camera) => camera.id) as [string, string, string];
  const layout = await pageApi(page, 'POST', '/api/layouts', { name: 'Paire', shared: false, cols: 2, rows: 1, tiles: tilesOf([b, c], 2) });
  assert.equal(layout.status, 201, JSON.stringify(layout.body));
  const tour = await pageApi(page, 'POST', '/api/tours', {
    name: 'Ronde vignettes',
    shared: false,
    steps: [
      { cameraId: a, dwellSeconds: 8 },
      { layoutId: (layout.body as { id: string }).id, dwellSeconds: 8 },
    ],
  });
  assert.equal(tour.status, 201, JSON.stringify(tour.body));
  await page.goto(`${server.baseUrl}/mur`);
  for (const monitor of ['1', '2', '3', '5']) await pageApi(page, 'PUT', `/api/wall/monitors/${monitor}/assignment`, { kind: 'empty' });
  const pushed = await pageApi(page, 'PUT', '/api/wall/monitors/4/assignment', { kind: 'tour', tourId: (tour.body as { id: string }).id });
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  const onTour = async () => (await shown(page)).map((p) => p.camera);
  // Whichever step it is on now, both steps come in turn within a cycle (16 s), each with its decoded pictures.
  const steps = new Set<string>();
  await waitForValue(
    async () => {
      const now = (await onTour()).sort().join(',');
      if (now === a || now === [b, c].sort().join(',')) steps.add(now);
      return steps.size;
    },
    (n) => n === 2,
    'the tour’s two steps shown in turn with their thumbnails (one camera, then the pair)',
    45_000,
  );
  await screenshot(page, 'wall-console-tour-thumbnails');
  await page.close();
});

test('a mayor’s thumbnails: his commune’s cameras only; a camera of another commune is refused, journaled, and never sent', async () => {
  const own = cameras.find((c) => c.commune === '28085');
  const foreign = cameras.find((c) => c.commune !== '28085');
  assert.ok(own !== undefined && foreign !== undefined, `the demo has cameras in Chartres and elsewhere (${cameras.map((c) => c.commune).join(', ')})`);
  const page = await browser.newPage();
  await signInPatiently(page, server.baseUrl, 'maire.chartres');
  const got = await page.evaluate<{ pictures: string[]; refused: string[] }>(`new Promise((resolve) => {
    const socket = new WebSocket(location.origin.replace('http', 'ws') + '/api/wall/thumbnails');
    socket.binaryType = 'arraybuffer';
    const pictures = [];
    const refused = [];
    socket.onopen = () => socket.send(JSON.stringify({ type: 'watch', cameraIds: [${JSON.stringify(own.id)}, ${JSON.stringify(foreign.id)}] }));
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') { const m = JSON.parse(event.data); if (m.type === 'refused') refused.push(m.cameraId); return; }
      const length = new DataView(event.data).getUint16(0);
      pictures.push(JSON.parse(new TextDecoder().decode(new Uint8Array(event.data, 2, length))).cameraId);
    };
    setTimeout(() => { socket.close(); resolve({ pictures, refused }); }, 6000);
  })`);
  assert.deepEqual(got.refused, [foreign.id], 'the other commune’s camera is refused');
  assert.ok(got.pictures.includes(own.id), 'his commune’s camera comes');
  assert.ok(!got.pictures.includes(foreign.id), 'no picture of the other commune’s camera');
  await page.close();
  const auditor = await loginThroughApi(server.baseUrl, 'auditeur');
  const denied = (await auditor.get(`/api/journal?action=video.live&outcome=denied&cameraId=${encodeURIComponent(foreign.id)}`)) as { entries: Array<{ actor: { username: string } | null }> };
  assert.ok(
    denied.entries.some((e) => e.actor?.username === 'maire.chartres'),
    'the refusal is journaled',
  );
});
