/** What every concern write shares: the error for input the rules refuse, and who is acting. */

/** Input a concern, category, setting or incident rule refuses (the API answers 400 with its message). */
export class ConcernInputError extends Error {}

export interface Actor {
  userId: number | null;
  email: string;
  role: string | null;
}
