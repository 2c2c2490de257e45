// Arrow-key navigation between the focusable items of a grid laid out by CSS: the next item is the
// nearest one in the pressed direction, measured on screen, so it follows any wrapping.

export type Direction = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export function isDirection(key: string): key is Direction {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';
}

export function moveFocus(items: readonly HTMLElement[], from: HTMLElement, direction: Direction): HTMLElement | undefined {
  const origin = from.getBoundingClientRect();
  const ox = origin.left + origin.width / 2;
  const oy = origin.top + origin.height / 2;
  let best: HTMLElement | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (item === from) continue;
    const rect = item.getBoundingClientRect();
    const dx = rect.left + rect.width / 2 - ox;
    const dy = rect.top + rect.height / 2 - oy;
    const along = direction === 'ArrowLeft' ? -dx : direction === 'ArrowRight' ? dx : direction === 'ArrowUp' ? -dy : dy;
    const across = direction === 'ArrowLeft' || direction === 'ArrowRight' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 1) continue;
    // Staying in the same row or column matters more than being close.
    const score = along + across * 3;
    if (score < bestScore) {
      bestScore = score;
      best = item;
    }
  }
  return best;
}
