/**
 * Graceful shutdown of `lantern serve`: on SIGTERM or SIGINT the server stops accepting connections, finishes the
 * requests in flight (new requests on open connections are answered 503), runs its onClose hooks (the PDF browser,
 * the email worker, throw-away folders), then the database is closed (PGlite's data directory lock is released).
 * If that takes longer than the time limit, or a second signal comes, the process exits at once with status 1.
 */
export interface Closable {
  close(): Promise<unknown>;
}

/** The HTTP server: Fastify's instance, with Node's server underneath. */
export interface ClosableServer extends Closable {
  server: { closeIdleConnections(): void };
}

export function closeOnSignals(
  parts: { server: ClosableServer; database: Closable },
  opts: {
    timeoutMs: number;
    log: (line: string) => void;
    exit?: (code: number) => void;
    /** the signals that stop it (default SIGINT and SIGTERM) */
    signals?: NodeJS.Signals[];
  },
): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.log(`${signal} again: stopping now, without waiting for requests in flight.`);
      return exit(1);
    }
    stopping = true;
    opts.log(`${signal}: stopping (finishing requests in flight, at most ${opts.timeoutMs / 1000} s)…`);
    const limit = setTimeout(() => {
      opts.log(
        `Not stopped within ${opts.timeoutMs / 1000} s (LANTERN_SHUTDOWN_TIMEOUT_SECONDS): exiting with requests unfinished.`,
      );
      exit(1);
    }, opts.timeoutMs);
    // a keep-alive connection whose request was in flight when the stop began is idle once answered: it is closed
    // then, rather than left open until its client or the keep-alive timeout ends it
    const idle = setInterval(() => parts.server.server.closeIdleConnections(), 100);
    void (async () => {
      try {
        await parts.server.close();
        clearInterval(idle);
        await parts.database.close();
      } catch (e) {
        opts.log(`Stopping failed: ${(e as Error).message}`);
        clearInterval(idle);
        clearTimeout(limit);
        return exit(1);
      }
      clearTimeout(limit);
      opts.log('Stopped.');
      exit(0);
    })();
  };
  for (const signal of opts.signals ?? ['SIGINT', 'SIGTERM']) process.on(signal, stop);
}
