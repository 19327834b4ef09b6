/** Everything under /api/providers/:code/…: one file per resource in routes/. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { providerOversightRoutes } from './routes/oversight.js';
import { providerPatientVoiceRoutes } from './routes/patient-voice.js';

export function providerRoutes(app: FastifyInstance, db: Database): void {
  providerOversightRoutes(app, db);
  providerPatientVoiceRoutes(app, db);
}
