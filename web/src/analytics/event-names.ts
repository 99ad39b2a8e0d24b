// The project's event names, for the pickers of the events report and the funnel steps: asked once per
// project and page load, from the event definitions (which are ordered by volume).

import { api } from '../api';

const cache = new Map<number, Promise<string[]>>();

export function eventNames(projectId: number): Promise<string[]> {
  let names = cache.get(projectId);
  if (!names) {
    names = api.eventDefinitions(projectId).then((list) => list.definitions.map((d) => d.name));
    // A failed look-up is asked again next time rather than remembered.
    names.catch(() => cache.delete(projectId));
    cache.set(projectId, names);
  }
  return names;
}
