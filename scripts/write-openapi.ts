// Writes the API's OpenAPI document to docs/openapi.json (a reviewed, committed artefact).
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/connect.js';
import { buildServer } from '../src/api/server.js';

const db = await openDatabase({ dataDir: 'memory://' });
const app = await buildServer(db);
await app.ready();
writeFileSync(
  new URL('../docs/openapi.json', import.meta.url),
  JSON.stringify(app.swagger(), null, 2) + '\n',
);
await app.close();
await db.close();
