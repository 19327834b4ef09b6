/** Everything under /api/practices/:code/…: one file per resource in routes/. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import type { PatientKeys } from '../concerns/nhs-number.js';
import { practiceImprovementRoutes } from './routes/improvement.js';
import { practicePatientVoiceRoutes } from './routes/patient-voice.js';
import { practicePatientRoutes } from './routes/patients.js';
import { practiceSpcRebaseRoutes } from './routes/spc-rebase.js';
import { practiceVariationRoutes } from './routes/variation.js';
import { practiceWorkforceRoutes } from './routes/workforce.js';

export function practiceRoutes(app: FastifyInstance, db: Database, patientKeys: PatientKeys): void {
  practiceVariationRoutes(app, db);
  practiceSpcRebaseRoutes(app, db);
  practicePatientRoutes(app, db, patientKeys);
  practicePatientVoiceRoutes(app, db);
  practiceImprovementRoutes(app, db);
  practiceWorkforceRoutes(app, db);
}
