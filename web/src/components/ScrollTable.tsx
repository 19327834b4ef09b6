import { useEffect, useRef, useState, type TableHTMLAttributes } from 'react';

/**
 * A table with its own horizontal scroll (WCAG 1.4.10 reflow): on a narrow screen the table scrolls inside its box
 * rather than the page scrolling sideways. While it overflows, the box is a region in the Tab order, named after the
 * table's caption or heading, so keyboard users can scroll it with the arrow keys; when everything fits it is a plain
 * box. Used exactly as `<table>`.
 */
export function ScrollTable(props: TableHTMLAttributes<HTMLTableElement>) {
  const ref = useRef<HTMLDivElement>(null);
  const [label, setLabel] = useState<string | null>(null);
  useEffect(() => {
    const box = ref.current;
    const table = box?.firstElementChild;
    if (!box || !table) return;
    const check = () => {
      if (box.scrollWidth <= box.clientWidth + 1) return setLabel(null);
      const by = table.getAttribute('aria-labelledby');
      const name =
        table.getAttribute('aria-label') ??
        (by ? document.getElementById(by)?.textContent : null) ??
        table.querySelector('caption')?.textContent ??
        'Table';
      setLabel(`${name.trim()} (scrolls sideways)`);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    observer.observe(table);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className="lantern-scroll"
      {...(label ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      <table {...props} />
    </div>
  );
}
