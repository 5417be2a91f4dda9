/**
 * GET /api/v1/events: change events of every provider, oldest first from a cursor. Ids only grow, so a reader
 * that passes the last id it saw as `after` (or `since`) misses nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/store.js';
import {
  eventPageSchema,
  eventQueryProperties,
  eventWindow,
  idSchema,
  nextCursor,
  responses,
  toEventView,
  type EventQuery,
} from '../schemas.js';

export interface EventRoutesOptions {
  readonly store: Store;
}

const eventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...eventQueryProperties, providerId: idSchema },
} as const;

export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (app, { store }) => {
  app.get<{ Querystring: EventQuery & { providerId?: number } }>(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Change events of all providers (filter by type, provider and since; cursor pagination)',
        querystring: eventsQuery,
        response: responses({ 200: eventPageSchema }, [400]),
      },
    },
    async ({ query }) => {
      const events = store.events.listEvents({
        limit: query.limit,
        ...(query.type !== undefined && { type: query.type }),
        ...(query.providerId !== undefined && { providerId: query.providerId }),
        ...eventWindow(query),
      });
      return { events: events.map(toEventView), nextCursor: nextCursor(events, query.limit) };
    },
  );
};
