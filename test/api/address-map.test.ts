/**
 * The address map (docs/addresses.md) leads from every page address, API route and CLI command to the file that
 * answers it: each file named exists, and each API route's file really declares that route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { openTestPglite } from '../db/databases.js';
import { buildServer } from '../../src/api/server.js';
import { routeTable } from '../../src/api/route.js';
import type { Database } from '../../src/db/connect.js';
import { addressMap } from '../../scripts/address-map.js';

describe('address map', () => {
  let db: Database;
  let app: FastifyInstance;
  let map: string;
  beforeAll(async () => {
    db = await openTestPglite();
    app = await buildServer(db);
    await app.ready();
    // compared without the table's padding
    map = addressMap(app).replace(/ +/g, ' ');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('names a file that exists for every row', () => {
    const files = [...map.matchAll(/\]\(\.\.\/([^)]+)\)/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(150);
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
  });

  it('finds each API route in the file that declares it', () => {
    const wrong = routeTable(app).filter(
      (r) =>
        !readFileSync(r.file, 'utf8').includes(`'${r.url}'`) &&
        !readFileSync(r.file, 'utf8').includes(r.url.split('/').pop()!),
    );
    expect(wrong.map((r) => `${r.method} ${r.url} → ${r.file}`)).toEqual([]);
    // every declared route has a row
    for (const r of routeTable(app)) expect(map).toContain(`| ${r.method} | \`${r.url}\``);
  });

  it('leads every command to its own module and every page address to a page file', () => {
    expect(map).toContain('[`src/cli/commands/serve.ts`]');
    expect(map).not.toMatch(/\| `\w+`\s+\|[^\n]*src\/cli\/program\.ts/);
    expect(map).toMatch(
      /`\/practices\/\$code` \| GP practice \| \[`web\/src\/pages\/practices\/PracticePage\.tsx`\]/,
    );
  });
});
