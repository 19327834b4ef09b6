/**
 * Text that PostgreSQL cannot hold as JavaScript has it. A text or jsonb value is UTF-8, so a lone surrogate
 * (half of a UTF-16 pair, e.g. from the JSON escape "\ud800") is written as U+FFFD, and NUL (U+0000) is
 * refused outright. The API refuses both at the edge; what is hashed (the audit chain) is first put in the form
 * the database will keep.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a string cannot be stored as it is, naming the first offending character and where, or null. */
export function unstorableText(s: string): string | null {
  const nul = s.indexOf('\u0000');
  const lone = s.search(LONE_SURROGATE);
  if (nul < 0 && lone < 0) return null;
  if (nul >= 0 && (lone < 0 || nul < lone))
    return `must not contain a NUL character (U+0000), found at character ${nul + 1}`;
  const unit = s.charCodeAt(lone).toString(16).toUpperCase();
  return `must not contain a lone surrogate (U+${unit}, half of a UTF-16 pair), found at character ${lone + 1}`;
}

/** The string as a text column keeps it: lone surrogates become U+FFFD and NUL characters are dropped. */
export function storableText(s: string): string {
  return s.replace(LONE_SURROGATES, '\ufffd').replaceAll('\u0000', '');
}

/**
 * A JSON value as a jsonb column gives it back: what JSON.stringify makes of it (toJSON, no undefined, NaN and
 * infinities as null), with every string and key in storable form. Keys that become equal keep the last value.
 */
export function storableJson(v: unknown): unknown {
  if (v === undefined) return null;
  return canonicalStrings(JSON.parse(JSON.stringify(v)));
}

function canonicalStrings(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(canonicalStrings);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), canonicalStrings(x)]));
  return v;
}

/** Text for a LIKE pattern (with ESCAPE '\' in SQL) that matches only itself: %, _ and the backslash are escaped. */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, '\\$&');
