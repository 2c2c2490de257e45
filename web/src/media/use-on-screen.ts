// Whether an element is worth drawing: at least partly inside the viewport, and its page visible (not a
// background tab or a minimised window). Tiles use it to stop decoding what nobody can see.
import { useEffect, useState, type RefObject } from 'react';

export function useOnScreen(element: RefObject<Element | null>): boolean {
  const [intersecting, setIntersecting] = useState(true);
  const [pageVisible, setPageVisible] = useState(() => document.visibilityState !== 'hidden');

  useEffect(() => {
    const onVisibility = (): void => setPageVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  useEffect(() => {
    const target = element.current;
    if (target === null || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last !== undefined) setIntersecting(last.isIntersecting);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);

  return intersecting && pageVisible;
}
