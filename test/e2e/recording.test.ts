// Recording end to end on a real Vigie recording its demo simulator: timeline, recording status, snapshot,
// WebSocket playback contract (init, fragments, position, pause), HLS byte ranges, a signed export checked
// by `vigie export verify`, holds and the destruction register, and a scope refusal.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { waitForValue } from './support/browser.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const run = promisify(execFile);
let server: TestVigie;

interface Client {
  readonly cookie: string;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T>(path: string): Promise<T>;
}

async function login(username: string): Promise<Client> {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  assert.equal(response.status, 200);
  const csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
  const cookie = response.headers
    .getSetCookie()
    .map((l) => l.split(';')[0])
    .join('; ');
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    cookie,
    request,
    async json<T>(path: string) {
      const reply = await request('GET', path);
      assert.equal(reply.status, 200, `${path}: ${await reply.clone().text()}`);
      return (await reply.json()) as T;
    },
  };
}

before(async () => {
  server = await startTestVigie({ cameras: 1, recording: true });
});
after(async () => {
  await server?.close();
});

test('records the simulator and serves it back: timeline, snapshot, WebSocket, HLS, export, holds', async () => {
  const lead = await login('chef');
  const [camera] = await lead.json<Array<{ id: string }>>('/api/cameras');
  assert.ok(camera);
  const since = Date.now() - 60_000;
  type Timeline = { cameras: Array<{ cameraId: string; coverage: Array<[number, number]>; recordedMs: number }>; denied: string[] };
  const timeline = await waitForValue(
    () => lead.json<Timeline>(`/api/recordings/timeline?cameras=${camera.id}&from=${since}&to=${Date.now()}`),
    (t) => (t.cameras[0]?.recordedMs ?? 0) >= 4000,
    'four seconds recorded',
    30_000,
  );
  const [start] = timeline.cameras[0]!.coverage[0]!;
  const sub = await lead.json<Timeline>(`/api/recordings/timeline?cameras=${camera.id}&from=${since}&to=${Date.now()}&stream=sub`);
  assert.equal(sub.cameras[0]?.recordedMs, 0, 'the sub stream is recorded only when recording.subStreams is on');
  assert.equal((await lead.request('GET', `/api/recordings/timeline?cameras=${camera.id}&from=${since}&to=${Date.now()}&stream=hd`)).status, 400);
  const status = await lead.json<{ state: string; width: number; warning: string | null }>(`/api/cameras/${camera.id}/recording-status`);
  assert.equal(status.state, 'recording');
  assert.ok(status.width > 0);

  const snapshot = await lead.request('GET', `/api/cameras/${camera.id}/snapshot?at=${start + 2000}`);
  assert.equal(snapshot.status, 200);
  assert.equal(snapshot.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual([...new Uint8Array(await snapshot.arrayBuffer()).subarray(0, 2)], [0xff, 0xd8]);
  assert.equal((await lead.request('GET', `/api/cameras/${camera.id}/snapshot?at=${since - 3_600_000}`)).status, 404);
  // Stills at the live edge, whose fragment may still be being written: the newest complete picture, never a 5xx.
  for (const back of [0, 300, 1500]) {
    const at = Date.now() - back;
    const edge = await lead.request('GET', `/api/cameras/${camera.id}/snapshot?at=${at}`);
    assert.equal(edge.status, 200, `snapshot ${back} ms before now: ${await edge.clone().text()}`);
    const shown = Date.parse(edge.headers.get('x-vigie-picture-at') ?? '');
    assert.ok(shown <= at && shown >= at - 10_000, `picture of ${new Date(shown).toISOString()} for ${new Date(at).toISOString()}`);
  }
  // Operators' window applies to stills as to playback: recent yes, older than 72 h no (whether footage exists or not).
  const operator = await login('operateur');
  assert.equal((await operator.request('GET', `/api/cameras/${camera.id}/snapshot?at=${start + 2000}`)).status, 200);
  assert.equal((await operator.request('GET', `/api/cameras/${camera.id}/snapshot?at=${Date.now() - 73 * 3_600_000}`)).status, 403);
  assert.equal((await operator.request('GET', `/api/cameras/${camera.id}/snapshot`)).status, 400, 'a still names its instant');

  // WebSocket playback contract.
  const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/api/cameras/${camera.id}/playback?from=${new Date(start + 1000).toISOString()}&speed=4`, { headers: { cookie: lead.cookie } });
  const texts: Array<Record<string, unknown>> = [];
  const binaries: Buffer[] = [];
  ws.on('message', (data: Buffer, isBinary) => (isBinary ? binaries.push(data) : texts.push(JSON.parse(data.toString()) as Record<string, unknown>)));
  await waitForValue(
    async () => binaries.length,
    (n) => n >= 3,
    'init and two fragments',
    10_000,
  );
  assert.equal(texts[0]?.['type'], 'init');
  assert.match(String(texts[0]?.['mime']), /^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
  assert.ok(Number(texts[0]?.['originMs']) <= start + 1000);
  assert.equal(binaries[0]!.subarray(4, 8).toString(), 'ftyp');
  assert.equal(binaries[1]!.subarray(4, 8).toString(), 'moof');
  ws.send(JSON.stringify({ type: 'pause' }));
  const paused = await waitForValue(
    async () => texts.filter((t) => t['type'] === 'position' && t['paused'] === true),
    (p) => p.length > 0,
    'a paused position',
    5000,
  );
  ws.send(JSON.stringify({ type: 'step' }));
  const stepped = await waitForValue(
    async () => texts.filter((t) => t['type'] === 'position' && t['paused'] === true),
    (p) => p.length > paused.length,
    'a position after a step',
    5000,
  );
  assert.equal(Number(stepped[stepped.length - 1]?.['at']) - Number(paused[0]?.['at']), 40);
  ws.close();

  // Two sockets in one sync group share one clock: pausing one pauses both.
  const syncUrl = `${server.baseUrl.replace('http', 'ws')}/api/cameras/${camera.id}/playback?from=${start + 1000}&sync=wall-1`;
  const a = new WebSocket(syncUrl, { headers: { cookie: lead.cookie } });
  const b = new WebSocket(syncUrl, { headers: { cookie: lead.cookie } });
  const bTexts: Array<Record<string, unknown>> = [];
  b.on('message', (data: Buffer, isBinary) => void (isBinary ? undefined : bTexts.push(JSON.parse(data.toString()) as Record<string, unknown>)));
  await Promise.all([a, b].map((socket) => new Promise((resolve) => socket.once('open', resolve))));
  a.send(JSON.stringify({ type: 'pause' }));
  await waitForValue(
    async () => bTexts.some((t) => t['type'] === 'position' && t['paused'] === true),
    (seen) => seen,
    'the other socket of the group paused',
    5000,
  );
  a.close();
  b.close();

  // HLS with byte ranges.
  const playlist = await lead.request('GET', `/api/cameras/${camera.id}/playback.m3u8?from=${start}&to=${start + 3000}`);
  assert.equal(playlist.status, 200);
  const text = await playlist.text();
  assert.match(text, /#EXT-X-MAP:URI="recordings\/[^"]+",BYTERANGE="\d+@0"/);
  const [, length, offset] = /#EXT-X-BYTERANGE:(\d+)@(\d+)/.exec(text) ?? [];
  const url = /\nrecordings\/\S+/.exec(text)?.[0].trim();
  const part = await lead.request('GET', `/api/cameras/${camera.id}/${url}`);
  assert.equal(part.status, 200);
  const ranged = await fetch(`${server.baseUrl}/api/cameras/${camera.id}/${url}`, { headers: { cookie: lead.cookie, range: `bytes=${offset}-${Number(offset) + Number(length) - 1}` } });
  assert.equal(ranged.status, 206);
  assert.equal(
    Buffer.from(await ranged.arrayBuffer())
      .subarray(4, 8)
      .toString(),
    'moof',
  );

  // A signed export, verified by the command line.
  const created = await lead.request('POST', '/api/exports', { cameraId: camera.id, from: start + 500, to: start + 3500, reason: 'test', reference: 'PV-1', caption: false });
  assert.equal(created.status, 202, await created.clone().text());
  const { id } = (await created.json()) as { id: string };
  const done = await waitForValue(
    () => lead.json<{ status: string; directory: string }>(`/api/exports/${id}`),
    (e) => e.status !== 'running',
    'export finished',
    20_000,
  );
  assert.equal(done.status, 'done');
  const verify = await run(process.execPath, ['bin/vigie.js', 'export', 'verify', done.directory]);
  assert.deepEqual(JSON.parse(verify.stdout.trim().split('\n').pop() ?? ''), { ok: true, exportId: id, problems: [] });
  const manifest = await lead.request('GET', `/api/exports/${id}/files/manifest.json`);
  assert.equal(((await manifest.json()) as { requester: string }).requester, 'chef');

  // Holds and the register.
  const hold = await lead.request('POST', '/api/retention/holds', {
    reference: 'PV-2',
    reason: 'réquisition',
    kind: 'judicial-requisition',
    cameraIds: [camera.id],
    fromMs: start,
    toMs: start + 10_000,
    expiresAt: Date.now() + 86_400_000,
  });
  assert.equal(hold.status, 201, await hold.clone().text());
  const holdId = ((await hold.json()) as { id: string }).id;
  assert.equal((await lead.json<unknown[]>('/api/retention/holds')).length, 1);
  assert.equal((await lead.request('POST', `/api/retention/holds/${holdId}/release`)).status, 200);
  const csv = await lead.request('GET', '/api/retention/destructions.csv');
  assert.match(await csv.text(), /^destroyed_at;camera_id;stream;from;to;bytes;segments;cause\n/);
  assert.equal((await lead.json<{ retentionMet: boolean }>('/api/retention/status')).retentionMet, true);

  // The mayor of Lucé has no business with a Chartres camera.
  const mayor = await login('maire.luce');
  assert.equal((await mayor.request('GET', `/api/cameras/${camera.id}/playback.m3u8?from=${start}&to=${start + 3000}`)).status, 403);
  const mayorTimeline = await mayor.json<Timeline>(`/api/recordings/timeline?cameras=${camera.id}&from=${since}&to=${Date.now()}`);
  assert.deepEqual(mayorTimeline.denied, [camera.id]);
});
