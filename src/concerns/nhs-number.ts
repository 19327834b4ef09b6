/**
 * The patient appears only as a pseudonym. An NHS number, when given, is checked (modulus 11), kept as a keyed
 * HMAC-SHA256 for linking concerns about the same patient, and encrypted (AES-256-GCM) for the rare audited
 * reveal. Both keys derive (HKDF) from one secret kept outside the database.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Modulus 11 check of a 10-digit NHS number (spaces and hyphens allowed). Returns the digits or null. */
export function validNhsNumber(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return (check === 11 ? 0 : check) === Number(digits[9]) ? digits : null;
}

/** Between the digits of a number written out: spaces, dots, hyphens and dashes (after NFKC, at most three). */
const SEPARATED = /^[ \t.\-\u2010-\u2015\u2212]{1,3}$/;
/** Invisible characters (format controls such as zero-width spaces and joiners, soft hyphens) and combining marks. */
const INVISIBLE = /[\p{Cf}\p{M}]/gu;
const DIGITS = /\p{Nd}+/gu;
const IS_DIGIT = /^\p{Nd}$/u;

/** The value of a decimal digit in any script: Unicode puts each script's 0–9 in a run of ten code points. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  let start = cp;
  while (start > 0 && IS_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * Whether free text holds something that passes the NHS-number check, however it is written: the text is
 * normalised (NFKC, so full-width and mathematical digits become ASCII; invisible characters removed; any
 * script's decimal digits read), and every run of whole digit groups joined only by spaces, dots or hyphens
 * that makes exactly ten digits is checked (modulus 11). A date, a phone number or a reference that fails the
 * check passes; groups joined by letters, commas or line breaks are not read as one number.
 */
export function nhsNumberInText(text: string): boolean {
  const t = text.normalize('NFKC').replace(INVISIBLE, '');
  const groups: Array<{ digits: string; joined: boolean }> = [];
  let end = -1;
  for (const m of t.matchAll(DIGITS)) {
    const digits = [...m[0]].map((ch) => (ch >= '0' && ch <= '9' ? ch : String(digitValue(ch)))).join('');
    groups.push({ digits, joined: end >= 0 && SEPARATED.test(t.slice(end, m.index)) });
    end = m.index + m[0].length;
  }
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && (j === i || groups[j]!.joined); j++) {
      digits += groups[j]!.digits;
      if (digits.length >= 10) {
        if (digits.length === 10 && validNhsNumber(digits) !== null) return true;
        break;
      }
    }
  }
  return false;
}

/** A synthetic, valid NHS number in the 999 range reserved for testing (never a real patient's). */
export function syntheticNhsNumber(rand: () => number): string {
  for (;;) {
    const body = '999' + String(Math.floor(rand() * 1e6)).padStart(6, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check !== 10) return body + String(check === 11 ? 0 : check);
  }
}

export class PatientKeys {
  private readonly hmacKey: Buffer;
  private readonly encKey: Buffer;
  constructor(secret: Buffer) {
    if (secret.length < 32) throw new RangeError('the concerns key must be at least 32 bytes');
    this.hmacKey = Buffer.from(hkdfSync('sha256', secret, '', 'lantern nhs-number link', 32));
    this.encKey = Buffer.from(hkdfSync('sha256', secret, '', 'lantern nhs-number encrypt', 32));
  }
  static random(): PatientKeys {
    return new PatientKeys(randomBytes(32));
  }
  link(nhsNumber: string): string {
    return createHmac('sha256', this.hmacKey).update(nhsNumber).digest('hex');
  }
  encrypt(nhsNumber: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(nhsNumber, 'utf8'), c.final()]);
    return [iv, c.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  }
  decrypt(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    const d = createDecipheriv('aes-256-gcm', this.encKey, iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  }
}

/**
 * The keys from a file holding at least 32 random bytes as base64; created (mode 0600) when missing. Keep it
 * outside the database and back it up separately: without it no NHS number can be revealed or linked again.
 */
export function loadPatientKeys(file: string): { keys: PatientKeys; created: boolean } {
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (secret.length < 32) throw new RangeError(`${file} must hold at least 32 bytes as base64`);
    return { keys: new PatientKeys(secret), created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { keys: new PatientKeys(secret), created: true };
}
