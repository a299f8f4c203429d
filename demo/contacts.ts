// The people the manager keeps in touch with: added the day the account gets its manager (a
// decision maker and a purchaser always, finance, technical and users for some), one taken
// down by the sales desk for an account nobody manages yet. Now and then someone leaves and a
// successor in the same role is added; where the relationship cools, the decision maker who
// backed us is the one who leaves (a champion gone is the oldest early warning there is).
import { CONTACT_ROLES, type ContactRole } from '../domain/account/index.js';
import { addDays, type IsoDate } from '../domain/kernel/index.js';
import { contactPerson } from './contact-names.js';
import { atTime } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { schedule, type AccountSim, type Simulation } from './simulation.js';

/** The share of managed accounts that see someone leave in the book (besides the cooling ones). */
const DEPARTURE_CHANCE = 0.12;

const LEAVING_REASONS = [
  'Left the company',
  'Moved to another department',
  'Retired',
  'Transferred to the head office',
];

/** Adds a contact at `at` (by its manager, else the sales desk): the next contact id, a person drawn from `rng`. */
const addContact = (
  sim: Simulation,
  account: AccountSim,
  role: ContactRole,
  at: string,
  rng: Random,
  when: () => boolean = () => true,
): void => {
  const { profile, relation } = account;
  relation.added += 1;
  const contactId = `c-${profile.accountId.slice(4)}-${relation.added}`;
  const person = contactPerson(`${profile.accountId.slice(4)}${relation.added}`, rng);
  schedule(
    sim,
    account,
    at,
    () =>
      account.status === 'LOST' || !when()
        ? undefined
        : {
            aggregate: 'account',
            id: profile.accountId,
            type: 'AddContact',
            data: { contactId, role, ...person, at },
            actor: account.managerId ?? 'sales-desk',
          },
    () => {
      relation.contacts.push({ contactId, role });
    },
  );
};

/** The roles of an account's first contacts: 2 to 5, a decision maker and a purchaser first. */
const firstRoles = (rng: Random): ContactRole[] => {
  const others = rng.shuffle(CONTACT_ROLES.filter((r) => r !== 'DECISION_MAKER' && r !== 'PURCHASER'));
  return ['DECISION_MAKER', 'PURCHASER', ...others.slice(0, rng.int(0, others.length))];
};

/** Someone in `role` leaves on `on`; a successor in the same role is added a few days later. */
const planDeparture = (
  sim: Simulation,
  account: AccountSim,
  role: ContactRole,
  on: IsoDate,
  rng: Random,
): void => {
  const { profile, relation } = account;
  const at = atTime(on, 10, 30);
  let left = false;
  schedule(
    sim,
    account,
    at,
    () => {
      const leaving = relation.contacts.find((contact) => contact.role === role);
      if (account.status === 'LOST' || leaving === undefined) return undefined;
      return {
        aggregate: 'account',
        id: profile.accountId,
        type: 'RemoveContact',
        data: { contactId: leaving.contactId, reason: rng.pick(LEAVING_REASONS), at },
        actor: account.managerId ?? 'sales-desk',
      };
    },
    (result) => {
      const contactId = result.events[0]!.data['contactId'];
      relation.contacts.splice(
        relation.contacts.findIndex((contact) => contact.contactId === contactId),
        1,
      );
      left = true;
    },
  );
  addContact(
    sim,
    account,
    role,
    atTime(addDays(on, rng.int(1, 21)), 11, 0),
    rng.fork('successor'),
    () => left,
  );
};

export const planContacts = (sim: Simulation, account: AccountSim): void => {
  const { profile } = account;
  const rng = profile.rng.fork('contacts');
  if (profile.manager === null) {
    addContact(sim, account, 'PURCHASER', atTime(profile.registeredOn, 8, 30), rng.fork('c1'));
    return;
  }
  const { from } = profile.manager;
  const roles = firstRoles(rng);
  roles.forEach((role, k) => addContact(sim, account, role, atTime(from, 10, k), rng.fork(`c${k + 1}`)));
  const firstMonth = sim.calendar.monthOf(from);
  if (profile.coolingFrom !== undefined) {
    planDeparture(sim, account, 'DECISION_MAKER', sim.calendar.on(profile.coolingFrom, 12), rng.fork('left'));
  } else if (firstMonth + 3 <= 22 && rng.chance(DEPARTURE_CHANCE)) {
    const month = rng.int(firstMonth + 3, 22);
    planDeparture(
      sim,
      account,
      rng.pick(roles.filter((r) => r !== 'DECISION_MAKER')),
      sim.calendar.on(month, rng.int(1, 28)),
      rng.fork('left'),
    );
  }
};
