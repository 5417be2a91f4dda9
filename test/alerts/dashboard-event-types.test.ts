/**
 * The dashboard's webhook form offers the event types as a static list (dashboard/js is served as it is, with no
 * build step to import them from the server); this holds that list to the server's, so a new event type cannot be
 * missing from the form.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/history/events.js';

const WEBHOOKS_VIEW = new URL('../../dashboard/js/views/webhooks.js', import.meta.url);

function dashboardEventTypes(): string[] {
  const source = readFileSync(WEBHOOKS_VIEW, 'utf8');
  const list = /const EVENT_TYPES = \[([^\]]*)\]/.exec(source)?.[1];
  if (list === undefined) throw new Error('EVENT_TYPES not found in dashboard/js/views/webhooks.js');
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

describe("the dashboard's webhook event types", () => {
  it("are the server's, in the same order", () => {
    expect(dashboardEventTypes()).toEqual([...EVENT_TYPES]);
  });
});
