/** Self-contained HTML reports (QSG pack, escalation evidence pack): escaping and one shared page style. */
export const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#212b32;margin:24px;font-size:12px}h1{font-size:20px}h2{font-size:16px;margin-top:24px;border-top:2px solid #005eb8;padding-top:8px}h3{font-size:13px}
table{border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid #d8dde0;padding:4px 8px;text-align:left;vertical-align:top}.num{text-align:right}.small{color:#4c6272;font-size:10px}.note{background:#f0f4f5;padding:8px}
section.provider{page-break-inside:avoid}figure{margin:8px 0}figcaption{font-size:10px;color:#4c6272}`;

/** A whole document: no script, no external resource (the PDF renderer blocks every request). */
export const reportDocument = (title: string, body: string) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body>
${body}
</body></html>`;
