/** What the server needs to send email (read from the environment in src/config/env.ts); null: email is off. */
export interface EmailSettings {
  /** the SMTP relay, as nodemailer's SMTP transport takes it */
  smtp: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
  /** the From address, e.g. "Lantern <lantern@icb.nhs.uk>" */
  from: string;
  /** where Lantern is reached, without a trailing slash: every message links back here */
  publicUrl: string;
  /** how often the server sends what is due (and queues the week's digests) */
  intervalSeconds: number;
}

/** The relay, for the log: host and port, never the credentials. */
export const describeRelay = (s: EmailSettings): string =>
  `${s.smtp.secure ? 'smtps' : 'smtp'}://${s.smtp.host}:${s.smtp.port}${s.smtp.auth ? ' (with a user name and password)' : ''}`;
