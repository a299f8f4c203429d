// The process managers at work: they gather the facts a domain process manager needs, let it
// decide the commands, and send them through the command handler. Command ids come from the
// trigger, so a redelivered event or a rerun job never sends a command twice. The account-lost
// process is a reactor on the consumer runner; month end (with the risk review: FlagAtRisk) and
// shortages are jobs run on demand.
import { accountFacts, type AccountState } from '../../domain/account/index.js';
import {
  assessRisk,
  evaluatedAlready,
  onAccountLost,
  onMonthEnd,
  onRiskReview,
  onShortage,
  type RiskAssessment,
  type ProcessCommand,
  type ShortageCandidate,
  type ShortageTrigger,
} from '../../domain/process/index.js';
import type { AgreementState } from '../../domain/agreement/index.js';
import { addMonths, dateOf, POLICY_V2, type IsoDate, type Policy } from '../../domain/kernel/index.js';
import { riskMeasuresAsOf, type AccountRiskDoc } from '../../projections/account-risk/index.js';
import {
  coverage,
  remainingAllocatable,
  shortageNeed,
  type Commitment,
  type Coverage,
  type SupplyState,
} from '../../domain/supply/index.js';
import type { AccountLost } from '../../domain/account/index.js';
import type { DomainError } from '../../domain/kernel/index.js';
import { AGGREGATES } from '../commands/aggregates.js';
import { loadAggregate } from '../commands/aggregate-loader.js';
import type { CommandHandler, CommandOutcome } from '../commands/command-handler.js';
import type { CheckpointStore, EventStore, SnapshotStore, StoredEvent, StreamIndex } from '../ports.js';
import type { ConsumerStatus } from './consumer-runner.js';
import { createReactor } from './reactor.js';
import { createRiskFolds } from './risk-folds.js';

export interface ProcessManagerOptions {
  readonly store: EventStore;
  readonly snapshots?: SnapshotStore;
  readonly handler: CommandHandler;
  readonly index: StreamIndex;
  readonly checkpoints: CheckpointStore;
  /** Resolves true once the stream index has applied this position (false on timeout). */
  readonly waitForIndex: (position: bigint) => Promise<boolean>;
  readonly onError?: (error: unknown, context: string) => void;
  /** The policy a shortage's needs and the early-warning score are reckoned under; v2 by default. */
  readonly policy?: Policy;
  /** The risk review's folds kept between month ends, in bytes (default DEFAULT_RISK_FOLD_BYTES). */
  readonly riskFoldBytes?: number;
}

export interface SendSummary {
  /** Commands that wrote events (or had written them before: a rerun). */
  readonly accepted: number;
  /** Commands the domain refused (e.g. an agreement already terminated, a LOST account's tier). */
  readonly rejected: number;
  readonly codes: Readonly<Record<string, number>>;
}

/** The tier evaluations (counted as a SendSummary) and the accounts the risk review flagged. */
export interface MonthEndSummary extends SendSummary {
  readonly flaggedAtRisk: number;
}

export interface ShortageSummary extends SendSummary {
  readonly allocations: readonly {
    readonly commitmentId: string;
    readonly requested: number;
    readonly allocated: number;
  }[];
}

export interface ProcessManagers {
  /**
   * EvaluateTier for every account for the closed month `period` (the summary counts these), then
   * the risk review of the same month end (reviewRisk).
   */
  runMonthEnd(period: string, at: string): Promise<MonthEndSummary>;
  /**
   * FlagAtRisk for every ACTIVE account whose early-warning score crossed the policy's threshold
   * since the previous month end (nothing under a policy that scores no risk).
   */
  reviewRisk(period: string, at: string): Promise<SendSummary>;
  /**
   * Allocates `available` units of a short SKU over its open commitments by their needs until
   * the next resupply: A first, then B pro rata, then C; a commitment that needs nothing gets nothing.
   */
  allocateShortage(trigger: ShortageTrigger): Promise<ShortageSummary>;
  /**
   * For a loader that ran the reactor's steps itself, with the same command ids (the demo book):
   * the reactor starts after `position` instead of reading the whole log again when first started.
   */
  handledUpTo(position: bigint): Promise<void>;
  /** Starts the account-lost reactor (terminate agreements, close commitments). */
  start(): void;
  /** Stops the reactor: the current batch finishes or gives up; redelivery on start is safe. */
  stop(): Promise<void>;
  /** Each reactor's state, position and lag. */
  status(): Promise<readonly ConsumerStatus[]>;
}

const ACCOUNT_LOST_REACTOR = 'process:account-lost';

/** A commitment's coverage on the day of a shortage, from its own stream and its agreement's lead time. */
const coverageOf = (
  supply: Commitment,
  asOf: IsoDate,
  leadTimeDays: number,
  staleAfterDays: number,
  policy: Policy,
): Coverage => {
  const batches = Object.entries(supply.batches).map(([batchId, batch]) => ({ batchId, ...batch }));
  return coverage({
    asOf,
    reports: supply.stockReports,
    batches,
    committedQty: supply.committedQty,
    deliveredQty: batches.reduce((sum, batch) => sum + batch.delivered, 0),
    peak: supply.peak,
    safetyDays: supply.safetyDays,
    leadTimeDays,
    staleAfterDays,
    policy,
  });
};

export const createProcessManagers = (options: ProcessManagerOptions): ProcessManagers => {
  const { store, snapshots, handler, index, checkpoints } = options;
  const policy = options.policy ?? POLICY_V2;
  const onError = options.onError ?? (() => undefined);

  const send = async (
    commands: readonly ProcessCommand[],
    actor: string,
    trigger?: StoredEvent,
    /** A refusal that says the command's work is done already (a rerun): counted as accepted. */
    done: (error: DomainError) => boolean = () => false,
  ): Promise<SendSummary> => {
    let accepted = 0;
    let rejected = 0;
    const codes: Record<string, number> = {};
    for (const command of commands) {
      const outcome: CommandOutcome = await handler.handle({
        aggregate: command.aggregate,
        aggregateId: command.aggregateId,
        command: command.command,
        commandId: command.commandId,
        actor,
        ...(trigger === undefined
          ? {}
          : {
              causationId: trigger.eventId,
              correlationId: trigger.metadata.correlationId ?? trigger.eventId,
            }),
      });
      if (outcome.ok || (outcome.failure.kind === 'rejected' && done(outcome.failure.error))) {
        accepted += 1;
      } else {
        rejected += 1;
        const code = outcome.failure.kind === 'rejected' ? outcome.failure.error.code : outcome.failure.kind;
        codes[code] = (codes[code] ?? 0) + 1;
      }
    }
    return { accepted, rejected, codes };
  };

  // A rule reads streams, not a projection: so a review rerun later sees what it saw then.
  const folds = createRiskFolds(store, index, options.riskFoldBytes);

  const assessmentOn = (doc: AccountRiskDoc, day: IsoDate): RiskAssessment | null => {
    const { measures } = riskMeasuresAsOf(doc, day, policy);
    return measures === null || policy.risk === null ? null : assessRisk(measures, policy.risk);
  };

  // Once per crossing: the score on the month end's day against the previous month end's, both
  // reckoned from what the streams held by `at` (domain/process/at-risk.ts).
  const reviewRisk = async (period: string, at: string): Promise<SendSummary> => {
    const terms = policy.risk;
    if (terms === null) return { accepted: 0, rejected: 0, codes: {} };
    const day = dateOf(at);
    const previousDay = addMonths(day, -1);
    const commands: ProcessCommand[] = [];
    for (const accountId of await index.accountIds()) {
      const doc = await folds.docOf(accountId, at);
      if (doc === undefined) continue;
      const now = assessmentOn(doc, day);
      if (now === null) continue;
      commands.push(
        ...onRiskReview({
          accountId,
          period,
          at,
          status: doc.account.status,
          before: doc.account.registeredOn > previousDay ? null : assessmentOn(doc, previousDay),
          now,
          thresholdScore: terms.thresholdScore,
          policyVersion: policy.version,
        }),
      );
    }
    // A rerun after the flag: the account is AT_RISK already, which is what the flag was for.
    return send(commands, 'process:flag-at-risk', undefined, (error) => error.code === 'ACCOUNT_NOT_ACTIVE');
  };

  // A LOST account's tier is frozen: its refusal (ACCOUNT_LOST) is counted, the others go on.
  const runMonthEnd = async (period: string, at: string): Promise<MonthEndSummary> => {
    const trigger = { period, at };
    const evaluated = await send(
      onMonthEnd(trigger, await index.accountIds()),
      'process:month-end',
      undefined,
      (error) => evaluatedAlready(trigger, error),
    );
    const reviewed = await reviewRisk(period, at);
    return { ...evaluated, flaggedAtRisk: reviewed.accepted };
  };

  // Each open commitment asks for its need until the next resupply (supply/shortage-need.ts),
  // reckoned from its stream, its agreement's lead time and its account's effective tier.
  const candidatesFor = async (trigger: ShortageTrigger): Promise<ShortageCandidate[]> => {
    const candidates: ShortageCandidate[] = [];
    const asOf = dateOf(trigger.at);
    for (const commitmentId of await index.commitmentsForSku(trigger.sku)) {
      const supply = (await loadAggregate(store, snapshots, AGGREGATES.supply, commitmentId))
        .state as SupplyState;
      if (supply.status !== 'OPEN') continue;
      const remaining = remainingAllocatable(supply);
      if (remaining <= 0) continue;
      // The tier that counts is the account's effective tier, read from its own stream.
      const account = (await loadAggregate(store, snapshots, AGGREGATES.account, supply.accountId))
        .state as AccountState;
      const tier = accountFacts(account, supply.accountId, trigger.at).tier;
      const agreement = (await loadAggregate(store, snapshots, AGGREGATES.agreement, supply.agreementId))
        .state as AgreementState;
      // A commitment is only created under an existing agreement; without one, resupply is immediate.
      const leadTimeDays = agreement.exists ? agreement.deliveryTerms.leadTimeDays : 0;
      const result = coverageOf(supply, asOf, leadTimeDays, policy.tiers[tier].staleAfterDays, policy);
      const requested = shortageNeed({
        baseAds: result.ads,
        estimatedOnHand: result.estimatedOnHand,
        pipeline: result.pipeline,
        leadTimeDays,
        safetyDays: supply.safetyDays,
        peak: supply.peak,
        asOf,
        remainingAllocatable: remaining,
      });
      candidates.push({ commitmentId, requested, tier });
    }
    return candidates;
  };

  const allocateShortage = async (trigger: ShortageTrigger): Promise<ShortageSummary> => {
    const commands = onShortage(trigger, await candidatesFor(trigger));
    const summary = await send(commands, 'process:shortage');
    return {
      ...summary,
      allocations: commands.map((c) => ({
        commitmentId: c.aggregateId,
        requested: c.command.data['requested'] as number,
        allocated: c.command.data['allocated'] as number,
      })),
    };
  };

  // The account-lost reactor: terminates the lost account's agreements, closes its commitments.
  const reactToAccountLost = async (event: StoredEvent, signal: AbortSignal): Promise<void> => {
    // The index must have seen every stream created before the account was lost.
    while (!signal.aborted && !(await options.waitForIndex(event.globalPosition))) {
      /* keep waiting: the projector is behind */
    }
    if (signal.aborted) return;
    const streams = await index.streamsOf((event.data as AccountLost['data']).accountId);
    const ids = (prefix: string) =>
      streams.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
    const commands = onAccountLost(
      { eventId: event.eventId, event: { type: 'AccountLost', data: event.data as AccountLost['data'] } },
      { agreementIds: ids('agreement-'), commitmentIds: ids('supply-') },
    );
    await send(commands, ACCOUNT_LOST_REACTOR, event);
  };

  const accountLost = createReactor({
    name: ACCOUNT_LOST_REACTOR,
    store,
    checkpoints,
    filter: { types: ['AccountLost'] },
    react: reactToAccountLost,
    onError,
  });

  return {
    runMonthEnd,
    reviewRisk,
    allocateShortage,
    handledUpTo: async (position) =>
      checkpoints.save(ACCOUNT_LOST_REACTOR, position, await store.storeId?.()),
    start: () => accountLost.start(),
    stop: () => accountLost.stop(),
    status: async () => [await accountLost.status()],
  };
};
