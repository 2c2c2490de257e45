// What a room lead does on his pages, as he does it in Chromium: a hold typed on the « Gels » page, and an export
// requested under the playback timeline and followed until its package is ready. Shared by the room lead's tests.
import type { Page } from 'playwright-core';
import { formatParisDateTime } from '../../../web/src/time/paris.js';

export interface HoldRequest {
  readonly reference: string;
  readonly reason: string;
  readonly cameraName: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Fills « Nouveau gel » on /conservation (the page must be open) and sends it; waits for nothing. */
export async function submitHold(page: Page, hold: HoldRequest): Promise<void> {
  const form = page.getByRole('form', { name: 'Nouveau gel' });
  await form.getByLabel('Référence (procès-verbal, numéro de demande)').fill(hold.reference);
  await form.getByLabel('Motif', { exact: true }).fill(hold.reason);
  await form.getByPlaceholder('Filtrer par nom ou commune').fill(hold.cameraName);
  await form.getByRole('checkbox', { name: hold.cameraName }).check();
  await form.getByLabel('Du (JJ/MM/AAAA HH:MM:SS)', { exact: true }).fill(formatParisDateTime(hold.fromMs));
  await form.getByLabel('Au (JJ/MM/AAAA HH:MM:SS)', { exact: true }).fill(formatParisDateTime(hold.toMs));
  await form.getByRole('button', { name: 'Geler ces images' }).click();
}

/** Opens /conservation, creates the hold and waits for its row in the table. */
export async function holdThroughPage(page: Page, baseUrl: string, hold: HoldRequest): Promise<void> {
  await page.goto(`${baseUrl}/conservation`);
  await submitHold(page, hold);
  await page.getByRole('status').filter({ hasText: hold.reference }).waitFor({ timeout: 15_000 });
  await page.locator('table[aria-label="Gels"] tr', { hasText: hold.reference }).waitFor();
}

export interface ExportRequest {
  readonly fromMs: number;
  readonly toMs: number;
  readonly reason: string;
  readonly reference: string;
}

/** On /relecture (the page must be open on the camera): « Exporter cette période… », filled and sent; resolves once the export is ready. */
export async function exportFromPlayback(page: Page, request: ExportRequest, onStarted?: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Exporter cette période…' }).click();
  await page.getByLabel('Début de l’export').fill(formatParisDateTime(request.fromMs));
  await page.getByLabel('Fin de l’export').fill(formatParisDateTime(request.toMs));
  await page.getByLabel('Motif de l’export').fill(request.reason);
  await page.getByLabel('Référence de la réquisition').fill(request.reference);
  await page.getByRole('button', { name: 'Demander l’export' }).click();
  await page.locator('ul[aria-label="Exports demandés"] li').first().waitFor({ timeout: 15_000 });
  await onStarted?.();
  await page.locator('ul[aria-label="Exports demandés"] li[data-state="done"]').waitFor({ timeout: 90_000 });
}
