/** Commissioners' own practice groupings: list, create and change them; funnels compare within them (?group=). */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { GROUP_KINDS, GroupError, listGroups, saveGroup } from '../variation/groups.js';
import { allow, queryOrg } from '../api/access.js';
import { badRequest } from '../api/errors.js';
import { route } from '../api/route.js';
import { IdParams } from '../api/params.js';
import { requireArea, requireOrganisation } from '../organisations/lookup.js';
import { groupFor } from '../variation/views.js';
import { areaGroups, groupBody, groupsQuery, practiceGroup, type GroupBody } from './contract.js';

export function groupRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/groups',
    summary:
      'The practice groups of an area (a CCG or ICB): localities, federations, PCNs as they work together',
    tags: ['variation'],
    access: allow('groups.read', queryOrg('area')),
    query: groupsQuery,
    responses: { 200: areaGroups },
    handler: async ({ query }) => {
      const area = await requireOrganisation(db, query.area);
      return {
        area: { code: area.code, name: area.name },
        kinds: [...GROUP_KINDS],
        groups: await listGroups(db, [area.code]),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/groups/:id',
    summary: 'One practice group with its members',
    tags: ['variation'],
    access: allow('groups.read'),
    params: IdParams('a group number'),
    responses: { 200: practiceGroup },
    handler: async ({ params, viewer }) => groupFor(db, viewer, params.id),
  });

  const save = async (viewer: Parameters<typeof groupFor>[1], ip: string, body: GroupBody, id?: number) => {
    const area = await requireArea(db, body.area);
    await viewer.require(
      'groups.manage',
      { org: area.code },
      '',
      `Groups of ${area.code} are made by its quality lead; you can make groups in your own area.`,
    );
    if (id !== undefined && (await groupFor(db, viewer, id)).areaCode !== area.code)
      throw badRequest('a group stays in the area it was made for');
    return viewer
      .audited(
        ip,
        (gid: number) => ({
          action: id === undefined ? 'groups.create' : 'groups.update',
          target: `group ${gid}`,
          outcome: 'success',
          details: { area: area.code, members: body.practices.length },
        }),
        (tx) => saveGroup(tx, { ...body, id }, viewer.actor.email),
      )
      .catch((e: unknown) => {
        throw e instanceof GroupError ? badRequest(e.message) : e;
      });
  };

  route(app, db, {
    method: 'POST',
    url: '/api/groups',
    summary: 'Make a practice group in your area',
    tags: ['variation'],
    access: allow('groups.manage'),
    body: groupBody,
    responses: { 201: practiceGroup },
    handler: async ({ body, viewer, request, reply }) => {
      const id = await save(viewer, request.ip, body);
      return reply.status(201).send(await groupFor(db, viewer, id));
    },
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/groups/:id',
    summary: 'Rename a practice group or replace its members',
    tags: ['variation'],
    access: allow('groups.manage'),
    params: IdParams('a group number'),
    body: groupBody,
    responses: { 200: practiceGroup },
    handler: async ({ params, body, viewer, request }) => {
      await save(viewer, request.ip, body, params.id);
      return groupFor(db, viewer, params.id);
    },
  });
}
