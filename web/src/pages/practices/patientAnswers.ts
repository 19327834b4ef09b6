/** What the proactive-care routes answer, from the generated contract. */
import type { Answer } from '../../api/client';

export type ListAnswer = Answer<'/api/practices/{code}/patients', 'get'>;
/** A patient as the route sends them. */
export type PatientSummary = ListAnswer['patients'][number];
export type PatientAnswer = Answer<'/api/practices/{code}/patients/{id}', 'get'>;
export type PatientList = ListAnswer['list'];
export type CareKind = PatientAnswer['history'][number]['kind'];
