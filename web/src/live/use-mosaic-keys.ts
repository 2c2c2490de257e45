// The mosaic's keyboard: arrows, Enter, Escape, Delete, and 1/4/9/16 for the size. "16" is typed as 1 then
// 6, or 6 alone, so a lone 1 waits a moment before it applies. Ignored while the cursor is in a text field.
import { useEffect, useRef } from 'react';
import { isTyping } from '../ui/use-slash-to-search.js';
import { moveSelection, type Arrow, type LayoutSize } from './mosaic-state.js';

const SIXTEEN_WINDOW_MS = 350;

export interface MosaicKeyHandlers {
  readonly size: LayoutSize;
  readonly maximised: boolean;
  onMove(move: (index: number) => number): void;
  onMaximise(): void;
  onRestore(): void;
  onSize(size: LayoutSize): void;
  onClear(): void;
}

export function useMosaicKeys(handlers: MosaicKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    let pendingOne: ReturnType<typeof setTimeout> | undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const h = latest.current;
      const key = event.key;
      if (key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight') {
        if (!h.maximised) h.onMove((index) => moveSelection(index, h.size, key as Arrow));
      } else if (key === 'Enter') {
        h.onMaximise();
      } else if (key === 'Escape') {
        h.onRestore();
      } else if (key === 'Delete' || key === 'Backspace') {
        h.onClear();
      } else if (key === '1') {
        clearTimeout(pendingOne);
        pendingOne = setTimeout(() => latest.current.onSize(1), SIXTEEN_WINDOW_MS);
      } else if (key === '6') {
        clearTimeout(pendingOne);
        h.onSize(16);
      } else if (key === '4' || key === '9') {
        h.onSize(Number(key) as LayoutSize);
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(pendingOne);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
