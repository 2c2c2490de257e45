// The territory map in Chromium: reaching a camera's own marker through the clusters that hold it.
import type { Page } from 'playwright-core';

/** Clicks the clusters holding `cameraId` (each click zooms in) until its own marker is drawn. */
export async function revealMarker(page: Page, cameraId: string): Promise<void> {
  for (let i = 0; i < 6 && (await page.locator(`.map-camera[data-camera-id="${cameraId}"]`).count()) === 0; i++) {
    await page.locator(`.map-cluster[data-camera-ids*="${cameraId}"] .map-cluster-dot`).click();
  }
}
