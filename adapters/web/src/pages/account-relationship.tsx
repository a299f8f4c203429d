// The relationship on Account 360: the people at the account, the visits and meetings with the
// actions agreed there, and the yearly plan. The structure comes from the account's state (roles,
// who left, which actions are completed, the plans); what the state leaves out (a contact's name,
// phone and email, a visit's notes, an action's text) from the account's own events. A contact
// whose personal data was erased reads `{ erased: true }` there and is shown as erased.
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentAsOf, getJson } from '../api.js';
import { Section } from '../bits.js';
import { count, day, money, text, todayIso } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { LocalTable, type LocalColumn } from '../local-table.js';
import { ProblemNote } from '../problem-note.js';

interface Money {
  readonly amount: number;
  readonly currency: string;
}

interface PlanState {
  readonly revenueTarget: Money;
  readonly skuTargets: Readonly<Record<string, number>>;
  readonly promotionBudget: Money;
  readonly stockTargets: Readonly<Record<string, { offSeasonDays: number; peakDays: number }>>;
}

/** The part of the account's state read here (ACCOUNT_STATE_VERSION 2). */
interface RelationshipState {
  readonly contacts?: Readonly<Record<string, { role: string; removed: boolean }>>;
  readonly visits?: Readonly<Record<string, { on: string; kind: string }>>;
  readonly actions?: Readonly<
    Record<
      string,
      { visitId: string; agreedOn: string; due: string; owner: string; completedOn: string | null }
    >
  >;
  readonly plans?: Readonly<Record<string, PlanState>>;
}

interface StreamEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

interface StreamPage {
  readonly events: readonly StreamEvent[];
  readonly next: string | null;
}

type Personal = { readonly name: string; readonly phone?: string; readonly email?: string } | 'erased';

interface Details {
  readonly personal: ReadonlyMap<string, Personal>;
  readonly visits: ReadonlyMap<string, { readonly contactIds: readonly string[]; readonly notes: string }>;
  readonly actions: ReadonlyMap<string, string>;
}

export interface ContactRow {
  readonly contactId: string;
  readonly role: string;
  readonly removed: boolean;
  readonly personal: Personal | undefined;
}

export interface VisitRow {
  readonly visitId: string;
  readonly on: string;
  readonly kind: string;
  readonly met: readonly string[];
  readonly notes: string;
  readonly actions: number;
}

export type ActionStatus = 'completed' | 'overdue' | 'open';

export interface ActionRow {
  readonly actionId: string;
  readonly what: string;
  readonly owner: string;
  readonly agreedOn: string;
  readonly due: string;
  readonly completedOn: string | null;
  readonly status: ActionStatus;
}

interface Relationship {
  readonly contacts: readonly ContactRow[];
  readonly visits: readonly VisitRow[];
  readonly actions: readonly ActionRow[];
  readonly plans: Readonly<Record<string, PlanState>>;
}

/** Open past its due day is overdue; `today` is the day the reader looks from. */
export const actionStatus = (due: string, completedOn: string | null, today: string): ActionStatus =>
  completedOn !== null ? 'completed' : due < today ? 'overdue' : 'open';

const personalOf = (value: unknown): Personal | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record['erased'] === true) return 'erased';
  if (typeof record['name'] !== 'string') return undefined;
  return {
    name: record['name'],
    ...(typeof record['phone'] === 'string' ? { phone: record['phone'] } : {}),
    ...(typeof record['email'] === 'string' ? { email: record['email'] } : {}),
  };
};

/** What the state leaves out, from the account's own events. */
export const detailsOf = (events: readonly StreamEvent[]): Details => {
  const personal = new Map<string, Personal>();
  const visits = new Map<string, { contactIds: readonly string[]; notes: string }>();
  const actions = new Map<string, string>();
  for (const { type, data } of events) {
    if (type === 'ContactAdded' && typeof data['contactId'] === 'string') {
      const details = personalOf(data['personal']);
      if (details !== undefined) personal.set(data['contactId'], details);
    } else if (type === 'VisitLogged' && typeof data['visitId'] === 'string') {
      const contactIds = Array.isArray(data['contactIds']) ? (data['contactIds'] as string[]) : [];
      visits.set(data['visitId'], {
        contactIds,
        notes: typeof data['notes'] === 'string' ? data['notes'] : '',
      });
      const agreed = Array.isArray(data['agreedActions'])
        ? (data['agreedActions'] as Record<string, unknown>[])
        : [];
      for (const action of agreed)
        if (typeof action['actionId'] === 'string' && typeof action['what'] === 'string')
          actions.set(action['actionId'], action['what']);
    }
  }
  return { personal, visits, actions };
};

/** The state's relationship with its details, as rows; `name` reads a contact id as a person. */
export const relationshipOf = (state: RelationshipState, details: Details, today: string): Relationship => {
  const contacts = Object.entries(state.contacts ?? {}).map(([contactId, contact]) => ({
    contactId,
    role: contact.role,
    removed: contact.removed,
    personal: details.personal.get(contactId),
  }));
  const actionsOfVisit = new Map<string, number>();
  const actions = Object.entries(state.actions ?? {}).map(([actionId, action]) => {
    actionsOfVisit.set(action.visitId, (actionsOfVisit.get(action.visitId) ?? 0) + 1);
    return {
      actionId,
      what: details.actions.get(actionId) ?? '',
      owner: action.owner,
      agreedOn: action.agreedOn,
      due: action.due,
      completedOn: action.completedOn,
      status: actionStatus(action.due, action.completedOn, today),
    };
  });
  const visits = Object.entries(state.visits ?? {}).map(([visitId, visit]) => {
    const logged = details.visits.get(visitId);
    return {
      visitId,
      on: visit.on,
      kind: visit.kind,
      met: logged?.contactIds ?? [],
      notes: logged?.notes ?? '',
      actions: actionsOfVisit.get(visitId) ?? 0,
    };
  });
  return { contacts, visits, actions, plans: state.plans ?? {} };
};

const streamPath = (accountId: string) => `/streams/${encodeURIComponent(`account-${accountId}`)}/events`;

/** Every event of the account's own stream, a page of 1000 at a time. */
const accountEvents = async (accountId: string, signal: AbortSignal): Promise<StreamEvent[]> => {
  const events: StreamEvent[] = [];
  let from: string | undefined;
  do {
    const page: StreamPage = await getJson<StreamPage>(streamPath(accountId), { from, limit: 1000 }, signal);
    events.push(...page.events);
    from = page.next ?? undefined;
  } while (from !== undefined);
  return events;
};

const ROLE_LABELS: Readonly<Record<string, MessageKey>> = {
  DECISION_MAKER: 'roleDecisionMaker',
  PURCHASER: 'rolePurchaser',
  FINANCE: 'roleFinance',
  TECHNICAL: 'roleTechnical',
  USER: 'roleUser',
};

export const AccountRelationship = ({ accountId }: { readonly accountId: string }) => {
  const { t } = useI18n();
  const [relationship, setRelationship] = useState<Relationship | undefined>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    const abort = new AbortController();
    setRelationship(undefined);
    setFailure(undefined);
    Promise.all([
      getJson<{ state: RelationshipState }>(
        `/accounts/${encodeURIComponent(accountId)}/state`,
        {},
        abort.signal,
      ),
      accountEvents(accountId, abort.signal),
    ])
      .then(([{ state }, events]) =>
        setRelationship(relationshipOf(state, detailsOf(events), currentAsOf() ?? todayIso())),
      )
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setFailure(error);
      });
    return () => abort.abort();
  }, [accountId]);
  const body = (render: (loaded: Relationship) => ComponentChild) =>
    failure !== undefined ? (
      <ProblemNote error={failure} />
    ) : relationship === undefined ? (
      <p aria-busy="true">{t('loading')}</p>
    ) : (
      render(relationship)
    );
  return (
    <>
      <Section id="contacts" title={t('contactsTitle')}>
        {body((loaded) => (
          <Contacts accountId={accountId} rows={loaded.contacts} />
        ))}
      </Section>
      <Section id="visits" title={t('visitsTitle')}>
        {body((loaded) => (
          <Visits accountId={accountId} relationship={loaded} />
        ))}
      </Section>
      <Section id="plan" title={t('planTitle')}>
        {body((loaded) => (
          <Plan accountId={accountId} plans={loaded.plans} />
        ))}
      </Section>
    </>
  );
};

const Contacts = ({
  accountId,
  rows,
}: {
  readonly accountId: string;
  readonly rows: readonly ContactRow[];
}) => {
  const { t } = useI18n();
  const roleName = (role: string) => (ROLE_LABELS[role] === undefined ? role : t(ROLE_LABELS[role]));
  const field = (row: ContactRow, key: 'name' | 'phone' | 'email'): string | null =>
    row.personal === undefined ? null : row.personal === 'erased' ? t('erased') : (row.personal[key] ?? null);
  const columns: readonly LocalColumn<ContactRow>[] = [
    { key: 'contactId', label: 'contactId', value: (row) => row.contactId },
    { key: 'role', label: 'role', value: (row) => roleName(row.role) },
    {
      key: 'name',
      label: 'name',
      value: (row) => field(row, 'name'),
      render: (row) =>
        row.personal === 'erased' ? (
          <span class="erased" title={t('erasedHelp')} data-testid="erased-contact">
            {t('erased')}
          </span>
        ) : (
          text(field(row, 'name'))
        ),
    },
    { key: 'phone', label: 'phone', value: (row) => field(row, 'phone'), sortable: false },
    { key: 'email', label: 'email', value: (row) => field(row, 'email'), sortable: false },
    {
      key: 'status',
      label: 'contactState',
      value: (row) => t(row.removed ? 'contactRemoved' : 'contactPresent'),
    },
  ];
  return (
    <LocalTable
      rows={rows}
      columns={columns}
      caption={t('contactsTitle')}
      fileName={`contacts-${accountId}`}
      defaultSort="role"
      testId="contacts-table"
    />
  );
};

const Visits = ({
  accountId,
  relationship,
}: {
  readonly accountId: string;
  readonly relationship: Relationship;
}) => {
  const { t, code, lang } = useI18n();
  const names = new Map(
    relationship.contacts.map((contact) => [
      contact.contactId,
      contact.personal === undefined
        ? contact.contactId
        : contact.personal === 'erased'
          ? t('erased')
          : contact.personal.name,
    ]),
  );
  const visitColumns: readonly LocalColumn<VisitRow>[] = [
    { key: 'on', label: 'visitOn', value: (row) => row.on, render: (row) => day(lang, row.on) },
    { key: 'kind', label: 'kind', value: (row) => code(row.kind) },
    {
      key: 'met',
      label: 'contactsMet',
      value: (row) => row.met.map((id) => names.get(id) ?? id).join(', '),
      sortable: false,
    },
    { key: 'notes', label: 'notes', value: (row) => row.notes || null, sortable: false },
    {
      key: 'actions',
      label: 'actionsAgreed',
      value: (row) => row.actions,
      render: (row) => count(lang, row.actions),
      numeric: true,
    },
  ];
  const statusText = (row: ActionRow) =>
    row.status === 'completed'
      ? t('completedOn', { day: day(lang, row.completedOn) })
      : t(row.status === 'overdue' ? 'overdue' : 'open');
  const actionColumns: readonly LocalColumn<ActionRow>[] = [
    { key: 'what', label: 'what', value: (row) => row.what || null, sortable: false },
    // An owner is an id: a manager's, or a contact's, shown by name.
    { key: 'owner', label: 'owner', value: (row) => names.get(row.owner) ?? row.owner },
    {
      key: 'agreedOn',
      label: 'agreedOn',
      value: (row) => row.agreedOn,
      render: (row) => day(lang, row.agreedOn),
    },
    { key: 'due', label: 'due', value: (row) => row.due, render: (row) => day(lang, row.due) },
    {
      key: 'status',
      label: 'actionState',
      // Sorted overdue first, then open, then completed.
      value: (row) => `${['overdue', 'open', 'completed'].indexOf(row.status)} ${statusText(row)}`,
      render: (row) => <span class={`action-${row.status}`}>{statusText(row)}</span>,
    },
  ];
  return (
    <>
      <LocalTable
        rows={relationship.visits}
        columns={visitColumns}
        caption={t('visitsTitle')}
        fileName={`visits-${accountId}`}
        defaultSort="-on"
        testId="visits-table"
      />
      <h3>{t('actionsTitle')}</h3>
      <LocalTable
        rows={relationship.actions}
        columns={actionColumns}
        caption={t('actionsTitle')}
        fileName={`actions-${accountId}`}
        defaultSort="-due"
        testId="actions-table"
      />
    </>
  );
};

interface SkuPlanRow {
  readonly sku: string;
  readonly units: number | null;
  readonly offSeasonDays: number | null;
  readonly peakDays: number | null;
}

const skuRowsOf = (plan: PlanState): SkuPlanRow[] =>
  [...new Set([...Object.keys(plan.skuTargets), ...Object.keys(plan.stockTargets)])].map((sku) => ({
    sku,
    units: plan.skuTargets[sku] ?? null,
    offSeasonDays: plan.stockTargets[sku]?.offSeasonDays ?? null,
    peakDays: plan.stockTargets[sku]?.peakDays ?? null,
  }));

const Plan = ({
  accountId,
  plans,
}: {
  readonly accountId: string;
  readonly plans: Readonly<Record<string, PlanState>>;
}) => {
  const { t, lang } = useI18n();
  const years = Object.keys(plans).sort();
  const thisYear = (currentAsOf() ?? todayIso()).slice(0, 4);
  const [year, setYear] = useState(years.includes(thisYear) ? thisYear : years.at(-1));
  const plan = year === undefined ? undefined : plans[year];
  if (plan === undefined || year === undefined) return <p data-testid="no-plan">{t('noPlan')}</p>;
  const number = (value: number | null) => (value === null ? '–' : count(lang, value));
  const columns: readonly LocalColumn<SkuPlanRow>[] = [
    { key: 'sku', label: 'sku', value: (row) => row.sku },
    {
      key: 'units',
      label: 'skuTarget',
      value: (row) => row.units,
      render: (row) => number(row.units),
      numeric: true,
    },
    {
      key: 'offSeasonDays',
      label: 'offSeasonDays',
      value: (row) => row.offSeasonDays,
      render: (row) => number(row.offSeasonDays),
      numeric: true,
    },
    {
      key: 'peakDays',
      label: 'peakDays',
      value: (row) => row.peakDays,
      render: (row) => number(row.peakDays),
      numeric: true,
    },
  ];
  return (
    <div data-testid="account-plan">
      <label class="inline">
        {t('planYear')}{' '}
        <select
          name="planYear"
          value={year}
          onChange={(event) => setYear((event.target as HTMLSelectElement).value)}
        >
          {years.map((each) => (
            <option key={each} value={each}>
              {each}
            </option>
          ))}
        </select>
      </label>
      <dl class="facts">
        <div>
          <dt>{t('revenueTarget')}</dt>
          <dd data-testid="revenue-target">
            {money(lang, plan.revenueTarget.amount, plan.revenueTarget.currency)}
          </dd>
        </div>
        <div>
          <dt>{t('promotionBudget')}</dt>
          <dd>{money(lang, plan.promotionBudget.amount, plan.promotionBudget.currency)}</dd>
        </div>
      </dl>
      <LocalTable
        key={year}
        rows={skuRowsOf(plan)}
        columns={columns}
        caption={t('planSkus', { year })}
        fileName={`plan-${accountId}-${year}`}
        defaultSort="sku"
        testId="plan-skus"
      />
    </div>
  );
};
