/** A published count: * where it is suppressed. */

export const shown = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined
    ? '*'
    : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
