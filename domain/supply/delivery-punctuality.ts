// Whether deliveries keep their promise: DELIVERY_LATE on a stock coverage row (a batch
// delivered after its ETA, or past it and not fully delivered, in the last 90 days) and the
// on-time-in-full rate of an account's batches over 12 months. Pure, as of a day. The windows
// are constants here, not yet settings of the versioned policy.
import { addDays, addMonths, FULL_BP, type IsoDate } from '../kernel/index.js';

export const DELIVERY_LATE_WINDOW_DAYS = 90;
export const OTIF_WINDOW_MONTHS = 12;

/** A shipment or delivery: its day (of the event's `at`) and its quantity. */
export interface DatedQty {
  readonly on: IsoDate;
  readonly qty: number;
}

/** A batch as it stood on the day asked for. */
export interface BatchOnDay {
  readonly eta: IsoDate;
  readonly qty: number;
  /** Delivered by the day. */
  readonly delivered: number;
  /** The deliveries up to the day; absent when only the total is known (no late delivery is seen). */
  readonly deliveries?: readonly DatedQty[];
  /** Its commitment was closed by the day: what is outstanding will not come. */
  readonly closed: boolean;
}

/** Past its ETA and not fully delivered, while still expected. */
const overdue = (batch: BatchOnDay, asOf: IsoDate): boolean =>
  !batch.closed && batch.eta < asOf && batch.delivered < batch.qty;

/** A delivery after the ETA made in the window (asOf − 90 days, asOf]. */
const deliveredLate = (batch: BatchOnDay, since: IsoDate, asOf: IsoDate): boolean =>
  (batch.deliveries ?? []).some((d) => d.on > batch.eta && d.on > since && d.on <= asOf);

/** DELIVERY_LATE: a batch late on some day of the last 90 (an overdue one is late today). */
export const isDeliveryLate = (batches: readonly BatchOnDay[], asOf: IsoDate): boolean => {
  const since = addDays(asOf, -DELIVERY_LATE_WINDOW_DAYS);
  return batches.some((b) => overdue(b, asOf) || deliveredLate(b, since, asOf));
};

/** What the on-time-in-full rate needs of one batch of the account. */
export interface DueBatch {
  readonly eta: IsoDate;
  readonly qty: number;
  /** Units delivered on or before the ETA. */
  readonly deliveredByEta: number;
  /** The day it was scheduled; a batch scheduled after the day asked for is not seen. */
  readonly scheduledOn?: IsoDate;
  /** The day its commitment closed, if it did. */
  readonly closedOn?: IsoDate | null;
}

export interface OnTimeInFull {
  /** Batches due in the 12 months to the day (ETA in (asOf − 12 months, asOf]). */
  readonly due: number;
  /** Of those, delivered in full on or before their ETA. */
  readonly onTimeInFull: number;
  /** onTimeInFull × 10 000 ÷ due, rounded down (as fill ratios are); null when none was due. */
  readonly rateBp: number | null;
}

const inFullByEta = (batch: DueBatch): boolean => batch.deliveredByEta >= batch.qty;

/** A batch whose commitment closed before its ETA was called off, unless it had already come. */
const calledOff = (batch: DueBatch): boolean =>
  batch.closedOn !== undefined &&
  batch.closedOn !== null &&
  batch.closedOn < batch.eta &&
  !inFullByEta(batch);

// A row's figures ask for the window of one day again and again (every row of a day's reports,
// each snapshot): the last answer is kept, since addMonths parses and formats a date.
let windowOf = { asOf: '', from: '' };
const otifWindowFrom = (asOf: IsoDate): IsoDate => {
  if (windowOf.asOf !== asOf) windowOf = { asOf, from: addMonths(asOf, -OTIF_WINDOW_MONTHS) };
  return windowOf.from;
};

export const onTimeInFull = (batches: readonly DueBatch[], asOf: IsoDate): OnTimeInFull => {
  const from = otifWindowFrom(asOf);
  let due = 0;
  let onTime = 0;
  for (const b of batches) {
    if (!(b.eta > from && b.eta <= asOf && (b.scheduledOn ?? b.eta) <= asOf && !calledOff(b))) continue;
    due += 1;
    if (inFullByEta(b)) onTime += 1;
  }
  return {
    due,
    onTimeInFull: onTime,
    rateBp: due === 0 ? null : Math.floor((onTime * FULL_BP) / due),
  };
};
