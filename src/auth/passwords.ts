/**
 * Local-account passwords (OWASP ASVS 4.0.3 V2): argon2id hashes; at least 12 characters, no composition
 * rules; refused when zxcvbn (with its common-password and breach-derived dictionaries) finds it guessable.
 */
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The strength checker, built on first use: unpacking its dictionaries takes about 0.4 s, which every process that
 * imports the server (each `lantern` command, each API test) would otherwise pay at start without setting a password.
 */
let checker: Promise<ZxcvbnFactory> | null = null;
async function loadChecker(): Promise<ZxcvbnFactory> {
  const [core, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  return new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
}

/** Why a password is refused, or null when it is acceptable. */
export async function passwordProblem(password: string, context: string[] = []): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `a password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  const r = (await (checker ??= loadChecker())).check(password, context);
  if (r.score < 3)
    return `that password is too easy to guess (it matches common or breached patterns${r.feedback.warning ? `: ${r.feedback.warning.replace(/\.$/, '').toLowerCase()}` : ''}); a few unrelated words make a good one`;
  return null;
}

// OWASP's argon2id recommendation: m = 19 MiB, t = 2, p = 1.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot read)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so a missing account takes as long as a wrong password. */
let dummy: Promise<string> | null = null;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword('not-a-real-password-for-timing'));
