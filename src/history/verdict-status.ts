import type { Severity } from '../checks/types.js';

/** The status a reachable provider's open (unsilenced) findings give it: an error fails it, a warning degrades it. */
export function verdictStatus(openCounts: Readonly<Record<Severity, number>>): 'up' | 'degraded' | 'failing' {
  return openCounts.error > 0 ? 'failing' : openCounts.warning > 0 ? 'degraded' : 'up';
}
