/**
 * The server's email worker, when a relay is configured: every interval it queues the week's digests (once per
 * user and week: the first tick of the week does it) and sends what is due. Ticks never overlap; stop() waits for
 * the one running.
 */
import type { Queryable } from '../db/connect.js';
import { queueWeeklyDigests } from './queue.js';
import { createMailer, sendDue, type Mailer, type SendReport } from './sender.js';
import type { EmailSettings } from './settings.js';

interface Log {
  info(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

export interface EmailWorker {
  /** one round now (what the interval runs) */
  tick(): Promise<SendReport | null>;
  stop(): Promise<void>;
}

export function startEmailWorker(
  db: Queryable,
  settings: EmailSettings,
  opts: { mailer?: Mailer; intervalMs?: number; log?: Log } = {},
): EmailWorker {
  const mailer = opts.mailer ?? createMailer(settings);
  let running: Promise<SendReport | null> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        const digests = await queueWeeklyDigests(db);
        if (digests.queued || digests.refused) opts.log?.info({ digests }, 'weekly email digests queued');
        const sent = await sendDue(db, mailer, { from: settings.from, publicUrl: settings.publicUrl });
        if (Object.values(sent).some((n) => n > 0)) opts.log?.info({ email: sent }, 'email outbox sent');
        return sent;
      } catch (e) {
        opts.log?.error({ err: e }, 'email worker: the round failed; it runs again at the next interval');
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? settings.intervalSeconds * 1000);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
