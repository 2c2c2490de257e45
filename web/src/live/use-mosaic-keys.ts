// The mosaic's keyboard: arrows, Enter, Escape, Delete, and 1 to 5 for a square grid of that side.
// Ignored while the cursor is in a text field.
import { useEffect, useRef } from 'react';
import { isTyping } from '../ui/use-slash-to-search.js';
import { moveSelection, type Arrow, type Geometry } from './mosaic-state.js';

export interface MosaicKeyHandlers {
  readonly geometry: Geometry;
  readonly maximised: boolean;
  onMove(move: (index: number) => number): void;
  onMaximise(): void;
  onRestore(): void;
  onSide(side: number): void;
  onClear(): void;
}

export function useMosaicKeys(handlers: MosaicKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const h = latest.current;
      const key = event.key;
      if (key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight') {
        if (!h.maximised) h.onMove((index) => moveSelection(index, h.geometry, key as Arrow));
      } else if (key === 'Enter') {
        h.onMaximise();
      } else if (key === 'Escape') {
        h.onRestore();
      } else if (key === 'Delete' || key === 'Backspace') {
        h.onClear();
      } else if (/^[1-5]$/.test(key)) {
        h.onSide(Number(key));
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
