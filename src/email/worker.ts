/**
 * The server's email worker, when a relay is configured: every interval it sends what is due, and at its first tick
 * of each week (UTC, from Monday) it queues the week's digests (at most one per user and week, whoever queues it:
 * this worker, another server or `lantern alerts digest`). Ticks never overlap; stop() waits for the one running.
 */
import type { Queryable } from '../db/connect.js';
import { now } from '../domain/clock.js';
import { queueWeeklyDigests, weekOf } from './queue.js';
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
  /** the week whose digests this worker has queued (asked once a week, not at every tick) */
  let digestsFor: string | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        if (weekOf(now()) !== digestsFor) {
          const digests = await queueWeeklyDigests(db);
          digestsFor = digests.week;
          if (digests.queued || digests.refused) opts.log?.info({ digests }, 'weekly email digests queued');
        }
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
