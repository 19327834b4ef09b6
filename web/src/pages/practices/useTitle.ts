/** The page's title in the browser. */
import { useEffect } from 'react';

/** The page's title in the browser (its tab and history), put back when the page goes. */
export function useTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} – Lantern`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
