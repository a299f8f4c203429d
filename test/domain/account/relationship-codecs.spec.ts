// What the relationship commands accept at the door: every bad field reported at its path,
// the lists without repeats, the SKU maps keyed by SKU codes, and JSON Schemas for all of it.
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  AccountCommand,
  AccountEvent,
  AddContact,
  LogVisit,
  SetAccountPlan,
} from '../../../domain/account/index.js';
import { describeErrors, toJsonSchema, type FieldError } from '../../../domain/kernel/index.js';
import { action, commands, events } from './builders.js';

const errorsOf = (codec: t.Decoder<unknown, unknown>, value: unknown): readonly FieldError[] => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left) : [];
};
const withData = (command: AccountCommand, data: Record<string, unknown>) => ({
  type: command.type,
  data: { ...command.data, ...data },
});

describe('relationship command codecs', () => {
  it('accept every command the specs build, and every event', () => {
    for (const command of [
      commands.addContact(),
      commands.addContact('ct-2', { phone: undefined, email: undefined }),
      commands.removeContact('ct-2', { reason: 'left' }),
      commands.logVisit('v-1', { agreedActions: [action('a-1'), action('a-2')] }),
      commands.completeAction(),
      commands.setPlan(),
      commands.resolveRequest('sr-1', '2026-03-05T09:00:00.000Z', { satisfaction: 4, causeCode: 'BILLING' }),
    ]) {
      const plain = JSON.parse(JSON.stringify(command)) as unknown;
      expect(AccountCommand.decode(plain)).toEqual(E.right(plain));
    }
    for (const event of [
      events.contactAdded(),
      events.contactAdded('ct-x', { personal: { erased: true } }),
      events.contactRemoved(),
      events.visitLogged(),
      events.actionCompleted(),
      events.planSet(),
    ]) {
      expect(AccountEvent.decode(event)).toEqual(E.right(event));
    }
  });

  it('reject a bad phone, a bad email, a role off the list and a blank name', () => {
    expect(
      errorsOf(
        AddContact,
        withData(commands.addContact(), { phone: 'call me', email: 'chen@', role: 'CEO', name: ' ' }),
      ).map((e) => e.path),
    ).toEqual(['data.name', 'data.role', 'data.phone', 'data.email']);
  });

  it('accept the usual ways of writing a phone number', () => {
    for (const phone of ['+86 10 6552-8888', '(010) 65528888', '13800138000', '+1-202-555-0143']) {
      expect(errorsOf(AddContact, withData(commands.addContact(), { phone }))).toEqual([]);
    }
  });

  it('reject a visit with no contact, a repeated contact and a repeated action, at the repeat', () => {
    expect(errorsOf(LogVisit, withData(commands.logVisit(), { contactIds: [] }))).toEqual([
      { path: 'data.contactIds', message: 'must have at least 1 entries' },
    ]);
    expect(
      errorsOf(LogVisit, withData(commands.logVisit(), { contactIds: ['ct-chen', 'ct-wu', 'ct-chen'] })),
    ).toEqual([{ path: 'data.contactIds.2', message: 'repeats ct-chen' }]);
    expect(
      errorsOf(LogVisit, withData(commands.logVisit(), { agreedActions: [action('a-1'), action('a-1')] })),
    ).toEqual([{ path: 'data.agreedActions.1', message: 'repeats a-1' }]);
  });

  it('reject a bad visit kind, an action without an owner and control characters in the notes', () => {
    const { owner: _owner, ...ownerless } = action('a-1');
    expect(
      errorsOf(
        LogVisit,
        withData(commands.logVisit(), { kind: 'LUNCH', agreedActions: [ownerless], notes: 'a\u202Eb' }),
      ).map((e) => e.path),
    ).toEqual(['data.kind', 'data.notes', 'data.agreedActions.0.owner']);
  });

  it('reject a plan with a bad SKU key, a zero target, days out of range and a fractional year', () => {
    const errors = errorsOf(
      SetAccountPlan,
      withData(commands.setPlan(), {
        year: 2026.5,
        skuTargets: { 'bad sku': 5, 'SKU-A': 0 },
        stockTargets: { 'SKU-A': { offSeasonDays: 0, peakDays: 400 } },
      }),
    ).map((e) => e.path);
    expect(errors).toEqual([
      'data.year',
      'data.skuTargets.bad sku',
      'data.skuTargets.SKU-A',
      'data.stockTargets.SKU-A.offSeasonDays',
      'data.stockTargets.SKU-A.peakDays',
    ]);
  });

  it('keep a SKU like `constructor` as an own key of the targets', () => {
    const decoded = SetAccountPlan.decode(withData(commands.setPlan(), { skuTargets: { constructor: 3 } }));
    expect(E.isRight(decoded) && Object.hasOwn(decoded.right.data.skuTargets, 'constructor')).toBe(true);
  });

  it('describe every new command and event as a JSON Schema', () => {
    const schema = toJsonSchema(SetAccountPlan) as {
      properties: { data: { properties: Record<string, unknown> } };
    };
    expect(schema.properties.data.properties['skuTargets']).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 1 },
    });
    const visit = toJsonSchema(LogVisit) as { properties: { data: { properties: Record<string, unknown> } } };
    expect(visit.properties.data.properties['contactIds']).toMatchObject({ type: 'array', minItems: 1 });
    const added = toJsonSchema(AccountEvent) as { anyOf: readonly unknown[] };
    expect(JSON.stringify(added)).toContain('"erased"');
  });
});
