// A tour on the console: each step (one camera full screen, or a saved mosaic) stays for its dwell time, then
// the next; play / pause / next, and the seconds left in the step for the countdown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedLayout, SavedTour, TourStep } from '../api/contracts.js';
import { squareGeometry, type MosaicLayout } from './mosaic-state.js';
import { toMosaic } from './saved-library.js';

export interface TourState {
  readonly tour: SavedTour | null;
  readonly step: number;
  readonly playing: boolean;
  /** Whole seconds left in the current step. */
  readonly secondsLeft: number;
}

/** What a step shows; null when its saved mosaic is gone (the step is skipped). */
export function stepLayout(step: TourStep, layouts: readonly SavedLayout[]): MosaicLayout | null {
  if ('cameraId' in step) return { geometry: squareGeometry(1), slots: [step.cameraId] };
  const saved = layouts.find((l) => l.id === step.layoutId);
  return saved === undefined ? null : toMosaic(saved);
}

export function useTour(layouts: readonly SavedLayout[], show: (layout: MosaicLayout) => void) {
  const [state, setState] = useState<TourState>({ tour: null, step: 0, playing: false, secondsLeft: 0 });
  const endsAt = useRef(0);
  const latest = useRef({ layouts, show });
  latest.current = { layouts, show };

  const enter = useCallback((tour: SavedTour, index: number, playing: boolean) => {
    // Skips steps whose mosaic was deleted; a tour with nothing left to show stops.
    for (let tried = 0; tried < tour.steps.length; tried += 1) {
      const at = (index + tried) % tour.steps.length;
      const step = tour.steps[at] as TourStep;
      const layout = stepLayout(step, latest.current.layouts);
      if (layout === null) continue;
      latest.current.show(layout);
      endsAt.current = Date.now() + step.dwellSeconds * 1000;
      setState({ tour, step: at, playing, secondsLeft: step.dwellSeconds });
      return;
    }
    setState({ tour: null, step: 0, playing: false, secondsLeft: 0 });
  }, []);

  const start = useCallback((tour: SavedTour) => enter(tour, 0, true), [enter]);
  const stop = useCallback(() => setState({ tour: null, step: 0, playing: false, secondsLeft: 0 }), []);
  const next = useCallback(() => {
    if (state.tour !== null) enter(state.tour, state.step + 1, state.playing);
  }, [enter, state]);
  const toggle = useCallback(() => {
    setState((current) => {
      if (current.tour === null) return current;
      // Resuming gives the step back the seconds it had left when paused.
      if (!current.playing) endsAt.current = Date.now() + current.secondsLeft * 1000;
      return { ...current, playing: !current.playing };
    });
  }, []);

  useEffect(() => {
    if (state.tour === null || !state.playing) return undefined;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((endsAt.current - Date.now()) / 1000));
      if (left === 0 && state.tour !== null) enter(state.tour, state.step + 1, true);
      else setState((current) => (current.secondsLeft === left ? current : { ...current, secondsLeft: left }));
    }, 250);
    return () => clearInterval(timer);
  }, [state.tour, state.step, state.playing, enter]);

  return { state, start, stop, next, toggle };
}
