/** Which way is better, in one place. Flags and signals name a side: 'high'/'higher' or 'low'/'lower'. */
type Side = 'high' | 'low' | 'higher' | 'lower' | '' | null | undefined;

const up = (s: Side) => s === 'high' || s === 'higher';
const down = (s: Side) => s === 'low' || s === 'lower';

/** The side is the worse one for an indicator with this direction (never for 'neither'). */
export const isWorse = (direction: string | undefined, side: Side): boolean =>
  (direction === 'lower_better' && up(side)) || (direction === 'higher_better' && down(side));

export const isBetter = (direction: string | undefined, side: Side): boolean =>
  (direction === 'lower_better' && down(side)) || (direction === 'higher_better' && up(side));

/** +1 where higher is better, −1 where lower is better, 0 where neither: multiplies a z-score so that up is better. */
export const betterSign = (direction: string | undefined): number =>
  direction === 'higher_better' ? 1 : direction === 'lower_better' ? -1 : 0;
