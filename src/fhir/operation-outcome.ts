/** OperationOutcome: how every FHIR error (and a load's result) is reported, one issue per problem. */
import type { z } from 'zod';
import type { operationOutcome as schema } from './contract.js';

/** The FHIR issue types Lantern uses (http://hl7.org/fhir/issue-type). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'login'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-costly'
  | 'not-supported'
  | 'throttled'
  | 'exception'
  | 'processing'
  | 'informational';

export interface Issue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: IssueType;
  diagnostics: string;
  /** FHIRPath of the element the issue is about, e.g. Bundle.entry[3].resource.group[0].population[1].count */
  expression?: string[];
}

export function operationOutcome(issues: Issue[]): z.input<typeof schema> {
  return { resourceType: 'OperationOutcome', issue: issues };
}

const BY_STATUS: Record<number, IssueType> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  429: 'throttled',
};

/** The issue type for an HTTP error status. */
export const issueTypeFor = (status: number): IssueType =>
  BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'invalid');
