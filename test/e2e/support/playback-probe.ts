// What the playback page shows, read in the page: frames decoded by the player's video, its play position, and
// the position the page prints.
import type { Page } from 'playwright-core';

export interface PlaybackProbe {
  readonly frames: number;
  readonly currentTime: number;
  readonly position: string;
}

// A string because the server-side compiler has no DOM types.
const PROBE = `(() => {
  const video = document.querySelector('video.sync-video');
  if (video === null) return { frames: 0, currentTime: 0, position: '' };
  return { frames: Number(video.dataset.frames ?? '0'), currentTime: video.currentTime, position: document.querySelector('[data-testid="position"]')?.textContent ?? '' };
})()`;

export const playbackProbe = (page: Page): Promise<PlaybackProbe> => page.evaluate(PROBE);
