/** What a load did, as `lantern ingest`, uploads and the fetchers report it. */
export interface LoadReport {
  loadId: number | null;
  source: string;
  file: string;
  alreadyLoadedAs: number | null;
  rowsRead: number;
  rowsSkipped: number;
  organisations: { added: number; updated: number; unverified: number };
  links: { changed: number };
  populations: { inserted: number; updated: number; unchanged: number };
  values: { inserted: number; superseded: number; unchanged: number; flagged: number };
  warnings: string[];
}

export type Progress = (phase: string, done: number, total: number) => void;
