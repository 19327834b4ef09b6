/** A refused input or step, as the API answers it. */
import { badRequest, conflict } from '../api/errors.js';
import { ImprovementInputError } from './service.js';
import { StepRefused } from './workflow.js';

export const refusal = (e: unknown) =>
  e instanceof ImprovementInputError
    ? badRequest(e.message)
    : e instanceof StepRefused
      ? conflict(e.message, { step: e.step, allowed: e.allowed })
      : e;
export const rethrow = (e: unknown): never => {
  throw refusal(e);
};
