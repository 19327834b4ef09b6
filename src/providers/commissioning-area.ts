import type { Viewer } from '../api/access.js';
import type { Action } from '../auth/policy.js';
import { badRequest } from '../api/errors.js';

/**
 * The area a lead's change applies to: the one named, or the viewer's only area for the action; 400 when it
 * cannot be told, 403 when the viewer's grants do not cover it.
 */
export async function areaFor(viewer: Viewer, action: Action, named: string | undefined): Promise<string> {
  const area = named ?? viewer.permissions.soleArea(action);
  if (!area) throw badRequest('area: name the commissioning area (an ICB or sub-ICB code) this is for');
  await viewer.require(
    action,
    { org: area },
    '',
    `Only ${area}’s own commissioners can change what applies to ${area}; you can change it for your own area.`,
  );
  return area;
}
