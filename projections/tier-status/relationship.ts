// Keeping in touch: the visits and meetings that count for the contact cadence, and the actions
// agreed at them, each dated by when it was logged, so a past day sees only what was known then.
import { countsForCadence, type ActionCompleted, type VisitLogged } from '../../domain/account/index.js';
import { dateOf, lookup } from '../../domain/kernel/index.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

export const relationshipHandlers: EventHandlers = {
  VisitLogged: onAccount<VisitLogged>((doc, data) => {
    const loggedOn = dateOf(data.at);
    return {
      visits: countsForCadence(data.kind) ? [...doc.visits, { on: data.on, loggedOn }] : doc.visits,
      actions: {
        ...doc.actions,
        ...Object.fromEntries(
          data.agreedActions.map((action) => [
            action.actionId,
            { due: action.due, agreedLoggedOn: loggedOn, completedLoggedOn: null },
          ]),
        ),
      },
    };
  }),
  ActionCompleted: onAccount<ActionCompleted>((doc, data) => {
    const action = lookup(doc.actions, data.actionId);
    return action === undefined
      ? {}
      : {
          actions: { ...doc.actions, [data.actionId]: { ...action, completedLoggedOn: dateOf(data.at) } },
        };
  }),
};
