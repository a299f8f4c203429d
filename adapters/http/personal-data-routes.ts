// Erasing a contact's personal data on request (PIPL, GDPR), for admins: its key is deleted, and
// from then on every read path shows its name, phone and email as `{ "erased": true }` while
// the history still verifies (ARCHITECTURE.md, Personal data). A second erasure answers the first.
import type { Router } from 'express';
import * as t from 'io-ts';
import { described, Id, IsoDateTime } from '../../domain/kernel/index.js';
import type { PersonalData } from '../../src/personal-data/personal-data.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import { problem, ProblemError } from './problem.js';
import { param, paramsOf } from './route-params.js';

export interface PersonalDataRoutesOptions {
  readonly personalData: PersonalData;
}

const administered = endpoint<PersonalDataRoutesOptions>({ tag: 'personal data', roles: ['admin'] });

const ErasureJson = t.type(
  {
    contactId: Id,
    erased: t.literal(true),
    erasedAt: described(IsoDateTime, 'When the key was deleted (the first erasure, on a repeat)'),
    alreadyErased: described(t.boolean, 'True when an earlier request had erased it'),
  },
  'Erasure',
);

const ERASE = administered({
  method: 'post',
  path: '/contacts/{contactId}/erase',
  operationId: 'eraseContact',
  summary: 'Erase a contact’s personal data (name, phone, email): its key is deleted for good',
  description:
    'The events keep the personal data sealed with a key per contact; this deletes the key. From then ' +
    'on streams, timelines, states as of, read models, the event stream, webhooks and exports show ' +
    '`{ "erased": true }` in place of the personal object, and every hash chain still verifies. ' +
    'Erasing again answers the same, with the first erasure’s time. What was sent before the erasure ' +
    '(webhook deliveries, event streams, exports) is not called back.',
  params: paramsOf({ contactId: param('The contact’s id', Id) }),
  answers: { '200': { description: 'The contact’s personal data is erased', json: ErasureJson } },
  problems: {
    '404': 'No contact with this id has personal data here (NOT_FOUND)',
    '503': 'The key store cannot be used right now (STORE_UNAVAILABLE)',
  },
  handle: async ({ params: { contactId } }, { personalData }) => {
    const erasure = await personalData.erase(contactId);
    if (erasure.outcome === 'unknown')
      throw new ProblemError(
        problem(404, 'NOT_FOUND', `No contact ${contactId} has personal data here`, {
          facts: { kind: 'contact', id: contactId },
        }),
      );
    return {
      json: {
        contactId,
        erased: true,
        erasedAt: erasure.erasedAt,
        alreadyErased: erasure.outcome === 'already',
      },
    };
  },
});

export const PERSONAL_DATA_ENDPOINTS: readonly Endpoint<PersonalDataRoutesOptions>[] = [ERASE];

export const personalDataRoutes = (options: PersonalDataRoutesOptions): Router =>
  routerOf(PERSONAL_DATA_ENDPOINTS, options);
