// Account 360: the tier-status row, its risk and reasons (account-risk), the agreements (base
// discount against the tier's cap), the promotions with their uplift, the stock rows with their
// flags, the contacts, visits and plan (account-relationship.tsx) with the plan's pace
// (account-plan), and the timeline (who, when, why) with the state as of a chosen day and the
// hash chain's verdict.
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, currentAsOf, getJson, saveFile } from '../api.js';
import { toCsv } from '../csv.js';
import { columns, Flags, Loaded, Section, TierBadge } from '../bits.js';
import { DataTable, type Row } from '../data-table.js';
import { basisPoints, count, day, money, moment, percent, text, todayIso } from '../format.js';
import { useI18n } from '../i18n.js';
import { ProblemNote } from '../problem-note.js';
import { hrefOf } from '../router.js';
import { AccountRelationship } from './account-relationship.js';
import { AccountRisk } from './account-risk.js';
import { PlanPace } from './plan-pace.js';
import { StockChart } from './stock-chart.js';
import { useJson } from '../use-json.js';

interface AuditEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly commandId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

interface History {
  readonly streams: readonly string[];
  readonly events: readonly AuditEvent[];
  readonly next: string | null;
}

type Verification =
  | { readonly ok: true; readonly events: string }
  | { readonly ok: false; readonly brokenAt: string; readonly reason: string };

interface StateAt {
  readonly state: Readonly<Record<string, unknown>>;
  readonly revision: string;
  readonly recordedAt: string;
}

const path = (accountId: string) => encodeURIComponent(accountId);

export const AccountPage = ({ accountId }: { readonly accountId: string }) => {
  const i18n = useI18n();
  const { t } = i18n;
  const row = useJson<Row>(`/read-models/tier-status/${path(accountId)}`);
  const c = columns(i18n);
  return (
    <>
      <h1>
        {row.state === 'loaded' ? String(row.value['name']) : t('accountTitle', { id: accountId })}{' '}
        <small class="muted">{accountId}</small>
      </h1>
      <p class="actions">
        <VerifyBadge accountId={accountId} />{' '}
        <a href={hrefOf({ page: 'operators', targetId: accountId })}>{t('actOnAccount')}</a>
      </p>
      <Section id="profile" title={t('profile')}>
        <Loaded result={row}>{(value) => <Profile row={value} />}</Loaded>
      </Section>
      <Section id="risk" title={t('riskAndReasons')}>
        <AccountRisk accountId={accountId} />
      </Section>
      <Section id="agreements" title={t('agreementsTitle')}>
        <Agreements
          accountId={accountId}
          capBp={row.state === 'loaded' ? row.value['discountCapBp'] : undefined}
        />
      </Section>
      <Section id="promotions" title={t('promotionsTitle')}>
        <DataTable
          path="/read-models/promotion-history"
          query={{ accountId }}
          defaultSort="-windowFrom"
          caption={t('promotionsTitle')}
          fileName={`promotions-${accountId}`}
          limit={10}
          columns={[
            { key: 'promotionId', label: 'promotion' },
            { key: 'agreementId', label: 'agreement' },
            c.code('kind', 'kind'),
            c.day('windowFrom', 'from', 'windowFrom'),
            c.day('windowTo', 'to'),
            c.code('status', 'status'),
            c.money('budgetAmount', 'budget', 'budgetAmount'),
            c.money('actualCostAmount', 'actualCost', 'actualCostAmount'),
            c.percent('uplift', 'uplift', 'uplift'),
            c.money('costPerExtraUnitAmount', 'costPerExtraUnit', 'costPerExtraUnitAmount'),
          ]}
        />
      </Section>
      <Section id="stock" title={t('stockTitle')}>
        <StockChart accountId={accountId} />
        <DataTable
          path="/read-models/stock-coverage"
          query={{ accountId }}
          defaultSort="dos"
          caption={t('stockTitle')}
          fileName={`stock-${accountId}`}
          limit={10}
          columns={[
            { key: 'sku', label: 'sku', sort: 'sku' },
            c.count('onHand', 'onHand', 'onHand'),
            c.count('estimatedOnHand', 'estimatedOnHand', 'estimatedOnHand'),
            c.count('dos', 'dos', 'dos', 1),
            c.count('safetyDays', 'safetyDays'),
            c.count('projectedAtLeadTime', 'projectedAtLeadTime'),
            c.day('nextBatchEta', 'nextBatch'),
            c.day('lastReportDate', 'lastReport', 'lastReportDate'),
            { key: 'flags', label: 'flags', render: (each) => <Flags flags={each['flags']} /> },
          ]}
        />
      </Section>
      <AccountRelationship accountId={accountId} />
      <Section id="plan-pace" title={t('planPaceTitle')}>
        <PlanPace accountId={accountId} />
      </Section>
      <Section id="state-as-of" title={t('stateAsOfTitle')}>
        <StateAsOf accountId={accountId} />
      </Section>
      <Section id="timeline" title={t('timelineTitle')}>
        <Timeline accountId={accountId} />
      </Section>
    </>
  );
};

const Profile = ({ row }: { readonly row: Row }) => {
  const { t, code, lang } = useI18n();
  const currency = typeof row['currency'] === 'string' ? row['currency'] : 'CNY';
  const facts: readonly [string, ComponentChild][] = [
    [t('tier'), <TierBadge tier={row['tier']} />],
    [t('tierSince'), day(lang, row['tierSince'])],
    [t('status'), code(String(row['status']))],
    [t('industry'), code(String(row['industry']))],
    [t('region'), text(row['region'])],
    [t('manager'), text(row['managerId'])],
    [t('t12m'), money(lang, row['t12mAmount'], currency)],
    [t('gapToNextFloor'), money(lang, row['gapToNextFloor'], currency)],
    [
      t('nearFloorDistance'),
      row['nearFloorTier'] === null
        ? '–'
        : `${String(row['nearFloorTier'])} · ${percent(lang, Number(row['nearFloorDistancePct']) / 100)}`,
    ],
    [t('belowFloorStreak'), count(lang, row['belowFloorStreak'])],
    [
      t('override'),
      row['overrideTier'] === null
        ? '–'
        : `${String(row['overrideTier'])} → ${day(lang, row['overrideUntil'])}`,
    ],
    [t('discountCap'), basisPoints(lang, row['discountCapBp'])],
    [t('totalConcessionCap'), basisPoints(lang, row['totalConcessionCapBp'])],
    [t('capBreach'), row['capBreach'] === true ? t('yes') : t('no')],
    [t('openRequests'), count(lang, row['openRequests'])],
    [t('slaBreaches'), count(lang, row['slaBreaches'])],
    [t('feedback90d'), count(lang, row['averageFeedback90d'], 1)],
  ];
  return (
    <dl class="facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
};

const VerifyBadge = ({ accountId }: { readonly accountId: string }) => {
  const { t } = useI18n();
  const result = useJson<Verification>(`/streams/${path(`account-${accountId}`)}/verify`);
  if (result.state === 'loading') return <span class="badge">{t('verifying')}</span>;
  if (result.state === 'failed') return <span class="badge broken">{result.error.problem.detail}</span>;
  const verdict = result.value;
  return verdict.ok ? (
    <span class="badge ok" data-testid="verify-badge">
      ✓ {t('verified', { n: verdict.events })}
    </span>
  ) : (
    <span class="badge broken" role="alert" data-testid="verify-badge">
      ✗ {t('verifyBroken', { revision: verdict.brokenAt, reason: verdict.reason })}
    </span>
  );
};

/** The account's agreements, found from the streams its timeline reads. */
const Agreements = ({ accountId, capBp }: { readonly accountId: string; readonly capBp: unknown }) => {
  const { t, code, lang } = useI18n();
  const [agreements, setAgreements] = useState<readonly Row[] | undefined>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const history = await getJson<History>(
        `/accounts/${path(accountId)}/history`,
        { limit: 1 },
        abort.signal,
      );
      const ids = history.streams
        .filter((stream) => stream.startsWith('agreement-'))
        .map((stream) => stream.slice('agreement-'.length));
      const states = await Promise.all(
        ids.map((id) =>
          getJson<StateAt>(`/agreements/${path(id)}/state`, {}, abort.signal).then((answer) => answer.state),
        ),
      );
      setAgreements(states);
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) setFailure(error);
    });
    return () => abort.abort();
  }, [accountId]);
  if (failure !== undefined) return <ProblemNote error={failure} />;
  if (agreements === undefined) return <p aria-busy="true">{t('loading')}</p>;
  if (agreements.length === 0) return <p>{t('noRows')}</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption>{t('agreementsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agreement')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('validity')}</th>
            <th scope="col" class="num">
              {t('baseDiscount')}
            </th>
            <th scope="col" class="num">
              {t('discountCap')}
            </th>
          </tr>
        </thead>
        <tbody>
          {agreements.map((agreement) => {
            const validity = agreement['validity'] as { from?: string; to?: string } | undefined;
            const over =
              typeof capBp === 'number' &&
              typeof agreement['baseDiscountBp'] === 'number' &&
              agreement['baseDiscountBp'] > capBp;
            return (
              <tr key={String(agreement['agreementId'])}>
                <td>{text(agreement['agreementId'])}</td>
                <td>{code(String(agreement['status']))}</td>
                <td>
                  {day(lang, validity?.from)} – {day(lang, validity?.to)}
                </td>
                <td class={over ? 'num over' : 'num'}>{basisPoints(lang, agreement['baseDiscountBp'])}</td>
                <td class="num">{basisPoints(lang, capBp)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

/** The account as its decider saw it at the end of a chosen day. */
const StateAsOf = ({ accountId }: { readonly accountId: string }) => {
  const { t, code, lang } = useI18n();
  const [asOf, setAsOf] = useState(() => currentAsOf() ?? todayIso());
  const [state, setState] = useState<StateAt | ApiError | undefined>();
  useEffect(() => {
    const abort = new AbortController();
    setState(undefined);
    getJson<StateAt>(`/accounts/${path(accountId)}/state`, { asOf: `${asOf}T23:59:59.999Z` }, abort.signal)
      .then(setState)
      .catch((error: unknown) => {
        if (error instanceof ApiError) setState(error);
        else if (!abort.signal.aborted) throw error;
      });
    return () => abort.abort();
  }, [accountId, asOf]);
  const shown = state instanceof ApiError || state === undefined ? undefined : state;
  const revenue = (shown?.state['revenue'] ?? {}) as Record<string, unknown>;
  return (
    <div class="state-as-of">
      <label class="inline">
        {t('stateAsOfLabel')}{' '}
        <input
          type="date"
          name="asOf"
          value={asOf}
          onChange={(event) => setAsOf((event.target as HTMLInputElement).value || asOf)}
        />
      </label>
      <div aria-live="polite" data-testid="state-as-of">
        {state === undefined ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : state instanceof ApiError ? (
          state.problem.code === 'BEFORE_FIRST_EVENT' ? (
            <p>{t('beforeFirstEvent')}</p>
          ) : (
            <ProblemNote error={state} />
          )
        ) : (
          <>
            <p class="muted">
              {t('stateRevision', { revision: state.revision, when: moment(lang, state.recordedAt) })}
            </p>
            <dl class="facts">
              <div>
                <dt>{t('status')}</dt>
                <dd data-testid="state-status">{code(String(state.state['status']))}</dd>
              </div>
              <div>
                <dt>{t('tier')}</dt>
                <dd data-testid="state-tier">
                  <TierBadge tier={state.state['tier']} />
                </dd>
              </div>
              <div>
                <dt>{t('manager')}</dt>
                <dd>{text(state.state['managerId'])}</dd>
              </div>
              <div>
                <dt>{t('revenueMonths')}</dt>
                <dd>{count(lang, Object.keys(revenue).length)}</dd>
              </div>
              <div>
                <dt>{t('lastEvaluated')}</dt>
                <dd>{text(state.state['lastEvaluatedPeriod'])}</dd>
              </div>
              <div>
                <dt>{t('belowFloorStreak')}</dt>
                <dd>{count(lang, state.state['belowFloorStreak'])}</dd>
              </div>
            </dl>
          </>
        )}
      </div>
    </div>
  );
};

/** What an event says, short: its data without the ids and moment every event repeats. */
const summary = (event: AuditEvent): string =>
  Object.entries(event.data)
    .filter(([key]) => !['accountId', 'at', 'agreementId', 'commitmentId'].includes(key))
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join('; ')
    .slice(0, 240);

const why = (event: AuditEvent): string => {
  const reason = event.data['reason'] ?? event.data['rule'] ?? event.data['cancelReason'];
  return typeof reason === 'string' ? reason : '–';
};

const Timeline = ({ accountId }: { readonly accountId: string }) => {
  const { t, lang, code } = useI18n();
  const [events, setEvents] = useState<readonly AuditEvent[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const load = async (after: string | undefined) => {
    setBusy(true);
    try {
      const page = await getJson<History>(`/accounts/${path(accountId)}/history`, { after, limit: 50 });
      setEvents((shown) => [...shown, ...page.events]);
      setNext(page.next);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(undefined);
  }, [accountId]);
  return (
    <>
      <div class="table-scroll">
        <table class="timeline">
          <caption>{t('timelineTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col">{t('stream')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('why')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.position}>
                <td>{moment(lang, event.recordedAt)}</td>
                <td>{event.type}</td>
                <td>
                  {event.streamId} <span class="muted">#{event.revision}</span>
                </td>
                <td>{text(event.actor)}</td>
                <td>{code(why(event))}</td>
                <td class="details">{summary(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failure !== undefined && <ProblemNote error={failure} />}
      {busy && <p aria-busy="true">{t('loading')}</p>}
      <div class="table-tools">
        {next != null && !busy && (
          <button type="button" onClick={() => void load(next)}>
            {t('moreEvents')}
          </button>
        )}
        <button
          type="button"
          class="download"
          disabled={events.length === 0}
          onClick={() =>
            saveFile(
              `timeline-${accountId}.csv`,
              toCsv(
                ['position', 'recordedAt', 'type', 'streamId', 'revision', 'actor', 'commandId', 'data'],
                events.map((event) => [
                  event.position,
                  event.recordedAt,
                  event.type,
                  event.streamId,
                  event.revision,
                  event.actor,
                  event.commandId,
                  JSON.stringify(event.data),
                ]),
              ),
              'text/csv;charset=utf-8',
            )
          }
        >
          {t('downloadCsv')}
        </button>
      </div>
    </>
  );
};
