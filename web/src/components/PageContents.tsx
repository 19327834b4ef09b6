import { useEffect, useRef, useState } from 'react';

/**
 * A contents list of the page's sections (its `h2`s with an id), kept up to date as sections appear: which ones a
 * page has depends on what the viewer may see, and each section loads on its own. Each item links to its section.
 */
export function PageContents({ label = 'Contents' }: { label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [items, setItems] = useState<Array<{ id: string; text: string }>>([]);
  useEffect(() => {
    const main = ref.current?.closest('main');
    if (!main) return;
    const read = () => {
      const next = [...main.querySelectorAll('h2[id]')].map((h) => ({
        id: h.id,
        text: (h.textContent ?? '').trim(),
      }));
      setItems((was) => (JSON.stringify(was) === JSON.stringify(next) ? was : next));
    };
    read();
    const observer = new MutationObserver(read);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref}>
      {items.length > 1 && (
        <nav className="nhsuk-contents-list lantern-contents" aria-label={label}>
          <h2 className="nhsuk-u-visually-hidden">{label}</h2>
          <ol className="nhsuk-contents-list__list">
            {items.map((i) => (
              <li className="nhsuk-contents-list__item" key={i.id}>
                <a
                  className="nhsuk-contents-list__link"
                  href={`#${i.id}`}
                  onClick={(e) => {
                    // move to the section without a new address (the router's address is the page)
                    e.preventDefault();
                    const h = document.getElementById(i.id);
                    if (!h) return;
                    h.setAttribute('tabindex', '-1');
                    h.focus();
                  }}
                >
                  {i.text}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      )}
    </div>
  );
}
