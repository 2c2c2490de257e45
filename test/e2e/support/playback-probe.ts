// What the playback page shows, read in the page: frames decoded by the player's video, its play position, the
// recorded instant its picture shows, and the position the page prints.
import type { Page } from 'playwright-core';

export interface PlaybackProbe {
  readonly frames: number;
  readonly currentTime: number;
  /**
   * Wall-clock instant (ms) of the picture shown: the stream's origin plus its play position, null before the
   * stream's "init". Unlike currentTime it keeps counting across a re-seek, which starts a new stream timeline.
   */
  readonly shownMs: number | null;
  readonly position: string;
}

// A string because the server-side compiler has no DOM types.
const PROBE = `(() => {
  const video = document.querySelector('video.sync-video');
  if (video === null) return { frames: 0, currentTime: 0, shownMs: null, position: '' };
  const origin = video.dataset.originMs === undefined ? null : Number(video.dataset.originMs);
  return {
    frames: Number(video.dataset.frames ?? '0'),
    currentTime: video.currentTime,
    shownMs: origin === null ? null : origin + video.currentTime * 1000,
    position: document.querySelector('[data-testid="position"]')?.textContent ?? '',
  };
})()`;

export const playbackProbe = (page: Page): Promise<PlaybackProbe> => page.evaluate(PROBE);
