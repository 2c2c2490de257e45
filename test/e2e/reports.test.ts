// Reports (issue 11): a mayor's monthly report holds his commune's figures only, and they are those of the
// database (recorded hours, offline gaps, live-watch requests, exports); the PDF and CSV say the same; the yearly
// report is the centre's; the reports archived on schedule are listed by scope; the « Rapports » page shows the
// document in French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parisMidnight, parisYearMonth } from '../../src/core/paris-time.js';
import { SegmentStore } from '../../src/recording/index.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const HOUR = 3_600_000;
const CHARTRES = '28085';
const LUCE = '28218';

let server: TestVigie;
let browser: TestBrowser;
/** The month the seeded footage falls in ("YYYY-MM"), its start, and the seeded window. */
let month = '';
let monthStart = 0;
let chartres: string[] = [];
let luce: string[] = [];
/** What the test wrote, per camera: recorded ms and offline ms inside the month. */
const recorded = new Map<string, number>();
const offline = new Map<string, number>();

before(async () => {
  server = await startTestVigie({ cameras: 5 });
  browser = await launchBrowser();
  const db = server.vigie.database.db;
  const cameras = await db.selectFrom('cameras').select(['id', 'commune_insee']).execute();
  chartres = cameras.filter((c) => c.commune_insee === CHARTRES).map((c) => c.id);
  luce = cameras.filter((c) => c.commune_insee === LUCE).map((c) => c.id);
  assert.ok(chartres.length >= 2 && luce.length >= 1, 'the demo places cameras in Chartres and Lucé');
  // Footage of the last hours before now, inside one calendar month (Paris time).
  const anchor = Date.now() - 2 * HOUR;
  const { year, month: m } = parisYearMonth(anchor);
  month = `${year}-${String(m).padStart(2, '0')}`;
  monthStart = parisMidnight(year, m);
  const windowStart = Math.max(monthStart, anchor - 6 * HOUR);
  // The cameras were connected before the month began, so the whole month counts for them.
  await db
    .updateTable('cameras')
    .set({ created_at: monthStart - 30 * 24 * HOUR })
    .execute();
  const store = new SegmentStore(db);
  for (const [k, cameraId] of [...chartres, ...luce].entries()) {
    // Camera k recorded (k + 1) segments of 40 minutes, one per hour, from the window's start.
    let total = 0;
    for (let s = 0; s <= k && windowStart + s * HOUR + 40 * 60_000 <= anchor; s += 1) {
      const startMs = windowStart + s * HOUR;
      const id = await store.insert({ cameraId, stream: 'main', volume: '/nowhere', path: `${cameraId}/${s}.mp4`, codec: 'avc1', width: 640, height: 360, startMs }, 'complete', {
        startMs,
        endMs: startMs + 40 * 60_000,
        bytes: 1000,
        fragments: [],
      });
      assert.ok(id);
      total += 40 * 60_000;
    }
    await store.refreshHours(cameraId, 'main', windowStart, anchor);
    recorded.set(cameraId, total);
  }
  // The first Chartres camera was offline for 90 minutes; the Lucé one for an hour.
  for (const [cameraId, minutes] of [
    [chartres[0] ?? '', 90],
    [luce[0] ?? '', 60],
  ] as const) {
    await store.openGap(cameraId, 'main', windowStart, 'camera-offline');
    await store.closeGaps(cameraId, 'main', windowStart + minutes * 60_000);
    offline.set(cameraId, minutes * 60_000);
  }
  const request = (commune: string, event: string, state: string) => ({
    id: randomUUID(),
    commune_insee: commune,
    event,
    contact: 'Cabinet du maire',
    reason: 'Manifestation',
    camera_ids: JSON.stringify(commune === CHARTRES ? chartres : luce),
    area: null,
    from_ms: windowStart + HOUR,
    to_ms: windowStart + 2 * HOUR,
    state: state as 'ended',
    requested_by_id: 'u',
    requested_by: 'maire',
    created_at: windowStart,
    updated_at: windowStart,
    reviewed_by_id: null,
    reviewed_by: null,
    reviewed_by_role: null,
    reviewed_at: null,
    review_note: null,
    accepted_camera_ids: null,
    monitor_id: null,
    wall_outcome: null,
    ended_at: null,
    ended_by: null,
    end_cause: null,
  });
  await db
    .insertInto('watch_requests')
    .values([request(CHARTRES, 'Marché de Noël', 'ended'), request(CHARTRES, 'Feu d’artifice', 'declined'), request(LUCE, 'Brocante', 'ended')])
    .execute();
  const exportRow = (cameraId: string, reference: string) => ({
    id: randomUUID(),
    camera_id: cameraId,
    from_ms: windowStart,
    to_ms: windowStart + 60_000,
    requested_by: 'chef',
    reason: reference === '' ? 'Vérification' : 'Réquisition judiciaire',
    reference,
    caption: 1,
    status: 'done' as const,
    directory: '/nowhere',
    bytes: 10,
    error: null,
    created_at: windowStart + 30 * 60_000,
    finished_at: windowStart + 31 * 60_000,
  });
  await db
    .insertInto('exports')
    .values([exportRow(chartres[0] ?? '', 'PV 2026/00123'), exportRow(chartres[1] ?? '', ''), exportRow(luce[0] ?? '', 'PV 2026/00999')])
    .execute();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface MonthlyJson {
  report: {
    commune: { insee: string };
    fromMs: number;
    generatedAt: number;
    cameras: Array<{ cameraId: string; availabilityPct: number; coveragePct: number; offlineHours: number }>;
    watchRequests: { total: number; byState: Record<string, number> };
    exports: { total: number; requisitions: number };
    alerts: unknown;
  };
  document: { title: string; summary: string[] };
}

test("a mayor's monthly report holds only his commune's figures, and they match the database", async () => {
  const mayor = await loginThroughApi(server.baseUrl, 'maire.chartres');
  const answer = (await mayor.get(`/api/reports/monthly?month=${month}`)) as MonthlyJson;
  assert.equal(answer.report.commune.insee, CHARTRES);
  assert.deepEqual(answer.report.cameras.map((c) => c.cameraId).sort(), [...chartres].sort(), 'the Chartres cameras, and no other');
  const length = answer.report.generatedAt - monthStart;
  for (const camera of answer.report.cameras) {
    const expectedCoverage = (100 * (recorded.get(camera.cameraId) ?? 0)) / length;
    const expectedAvailability = 100 - (100 * (offline.get(camera.cameraId) ?? 0)) / length;
    assert.ok(Math.abs(camera.coveragePct - expectedCoverage) <= 0.1, `coverage of ${camera.cameraId}: ${camera.coveragePct} vs ${expectedCoverage.toFixed(2)}`);
    assert.ok(Math.abs(camera.availabilityPct - expectedAvailability) <= 0.1, `availability of ${camera.cameraId}: ${camera.availabilityPct} vs ${expectedAvailability.toFixed(2)}`);
  }
  assert.equal(answer.report.cameras.find((c) => c.cameraId === chartres[0])?.offlineHours, 1.5);
  assert.equal(answer.report.watchRequests.total, 2, "Chartres's two requests, not Lucé's");
  assert.deepEqual(answer.report.watchRequests.byState, { ended: 1, declined: 1 });
  assert.deepEqual([answer.report.exports.total, answer.report.exports.requisitions], [2, 1]);
  assert.equal(answer.report.alerts, null);
  assert.match(answer.document.title, /Chartres/);
  assert.ok(!answer.document.summary.join(' ').includes('Brocante'));

  const refused = await mayor.raw(`/api/reports/monthly?month=${month}&commune=${LUCE}`);
  assert.equal(refused.status, 403);
  assert.equal(((await refused.json()) as { error: string }).error, 'VIGIE_REPORT_COMMUNE_REFUSED');
  const yearly = await mayor.raw(`/api/reports/yearly?year=${month.slice(0, 4)}`);
  assert.equal(yearly.status, 403);
  assert.equal(((await yearly.json()) as { error: string }).error, 'VIGIE_REPORT_CENTRE_ONLY');
  const future = await mayor.raw(`/api/reports/monthly?month=2999-01`);
  assert.equal(((await future.json()) as { error: string }).error, 'VIGIE_REPORT_PERIOD_INVALID');
});

test('the PDF and CSV of a monthly report say what the JSON says; the yearly report covers every commune', async () => {
  const mayor = await loginThroughApi(server.baseUrl, 'maire.chartres');
  const pdf = await mayor.raw(`/api/reports/monthly?month=${month}&format=pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const csv = await mayor.raw(`/api/reports/monthly?month=${month}&format=csv`);
  const text = await csv.text();
  assert.match(text, /Rapport mensuel de vidéoprotection — Chartres \(28085\)/);
  assert.match(text, /Extractions d’images : 2, dont 1 sur réquisition judiciaire\./);
  assert.ok(!text.includes('PV 2026/00999'), "Lucé's export is not in Chartres's report");

  const auditor = await loginThroughApi(server.baseUrl, 'auditeur');
  const yearly = (await auditor.get(`/api/reports/yearly?year=${month.slice(0, 4)}`)) as {
    report: { communes: Array<{ insee: string; exports: number; requisitions: number; watchRequests: number }> };
  };
  const byCommune = new Map(yearly.report.communes.map((c) => [c.insee, c]));
  assert.deepEqual([byCommune.get(CHARTRES)?.exports, byCommune.get(CHARTRES)?.requisitions, byCommune.get(CHARTRES)?.watchRequests], [2, 1, 2]);
  assert.deepEqual([byCommune.get(LUCE)?.exports, byCommune.get(LUCE)?.requisitions, byCommune.get(LUCE)?.watchRequests], [1, 1, 1]);
});

test('reports archived on schedule are listed and served by scope', async () => {
  // The server generated last month's reports when it started (each commune with cameras, and last year's).
  const mayor = await loginThroughApi(server.baseUrl, 'maire.chartres');
  const listed = (await mayor.get('/api/reports/archive')) as Array<{ name: string; insee: string | null; kind: string }>;
  assert.ok(listed.length > 0, 'the archive holds the reports of the previous month');
  assert.ok(
    listed.every((entry) => entry.kind === 'monthly' && entry.insee === CHARTRES),
    `a mayor's archive holds his commune's monthly reports only: ${listed.map((e) => e.name).join(', ')}`,
  );
  const own = listed.find((entry) => entry.name.endsWith('.pdf'));
  const file = await mayor.raw(`/api/reports/archive/${own?.name ?? ''}`);
  assert.equal(file.status, 200);
  const foreign = await mayor.raw(`/api/reports/archive/${(own?.name ?? '').replace(CHARTRES, LUCE)}`);
  assert.equal(foreign.status, 404, "another commune's report is not served, nor said to exist");
  const sneaky = await mayor.raw('/api/reports/archive/..%2F..%2Fvigie.yaml');
  assert.equal(sneaky.status, 404);
  const lead = await loginThroughApi(server.baseUrl, 'chef');
  const all = (await lead.get('/api/reports/archive')) as Array<{ kind: string; insee: string | null }>;
  assert.ok(all.some((entry) => entry.kind === 'yearly'));
  assert.ok(all.some((entry) => entry.insee === LUCE));
});

test('the « Rapports » page shows a mayor his commune’s report as a French document', async (t) => {
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  await page.getByRole('link', { name: 'Rapports' }).click();
  await page.getByLabel('Mois').selectOption(month.slice(5, 7));
  await page.getByLabel('Année').selectOption(month.slice(0, 4));
  const report = page.getByTestId('report');
  await report.getByText('Extractions d’images : 2, dont 1 sur réquisition judiciaire.').waitFor({ timeout: 15_000 });
  assert.match((await report.locator('h2').first().textContent()) ?? '', /Chartres \(28085\)/);
  const cells = await report.locator('section[aria-label="Caméras"] tbody tr').count();
  assert.equal(cells, chartres.length);
  assert.match((await report.textContent()) ?? '', /Période : (mois en cours, )?du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4}/);
  assert.equal(await page.getByLabel('Commune').isDisabled(), true, 'a mayor of one commune has no other to choose');
  t.diagnostic(`screenshot: ${await screenshot(page, 'reports-mayor')}`);
  await page.close();
});
