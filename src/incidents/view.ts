/** An incident as the API sends it, and which areas' incidents a viewer sees. */
import type { Viewer } from '../api/access.js';
import { today } from '../domain/clock.js';
import { incidentDeadlines, NEVER_EVENTS_2018, type IncidentRow } from '../concerns/incidents.js';

export function incidentView(i: IncidentRow) {
  return {
    ...i,
    neverEventLabel: i.neverEvent ? NEVER_EVENTS_2018[i.neverEvent] : null,
    deadlines: incidentDeadlines(i, today()),
  };
}

/** The incident areas the viewer sees: those of their commissioner grants and below (null: every area). */
export async function incidentAreas(viewer: Viewer): Promise<string[] | null> {
  if (!viewer.permissions.holds('incidents.record')) return null;
  const own = await viewer.permissions.organisationsFor('incidents.record');
  return own && [...own];
}
