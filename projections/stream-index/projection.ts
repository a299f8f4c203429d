// Which streams belong to which account, and which commitments supply which SKU: the index the
// audit timeline and the process managers use to find an account's agreements and commitments.
import type { AccountRegistered } from '../../domain/account/index.js';
import type { AgreementDrafted } from '../../domain/agreement/index.js';
import type { CommitmentCreated } from '../../domain/supply/index.js';
import { handledBy, on, type EventHandlers } from '../event-handlers.js';
import { collection, type Projection, type ProjectedEvent, type ProjectionContext } from '../projection.js';

export interface StreamIndexDoc {
  readonly category: 'account' | 'agreement' | 'supply';
  readonly accountId: string;
  /** For a supply commitment. */
  readonly sku: string | null;
  /** The position of the event that created the stream: an account's streams are listed in this order. */
  readonly createdAt: string;
}

export const STREAM_INDEX = 'stream_index';

const put = (
  context: ProjectionContext,
  event: ProjectedEvent,
  doc: Omit<StreamIndexDoc, 'createdAt'>,
): void =>
  context.put<StreamIndexDoc>(STREAM_INDEX, event.streamId, {
    ...doc,
    createdAt: event.globalPosition.toString(),
  });

/** Each stream's first event names its account (and a commitment its SKU). */
const handlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, event, context) =>
    put(context, event, { category: 'account', accountId: data.accountId, sku: null }),
  ),
  AgreementDrafted: on<AgreementDrafted>((data, event, context) =>
    put(context, event, { category: 'agreement', accountId: data.accountId, sku: null }),
  ),
  CommitmentCreated: on<CommitmentCreated>((data, event, context) =>
    put(context, event, { category: 'supply', accountId: data.accountId, sku: data.sku }),
  ),
};

export const projection: Projection = {
  name: 'stream-index',
  version: 1,
  collections: {
    [STREAM_INDEX]: collection<StreamIndexDoc>({
      table: STREAM_INDEX,
      key: 'stream_id',
      columns: [
        { name: 'category', type: 'TEXT', description: 'account, agreement or supply' },
        { name: 'account_id', type: 'TEXT', description: 'The account the stream belongs to' },
        { name: 'sku', type: 'TEXT', description: 'The SKU of a supply commitment' },
        {
          name: 'created_position',
          type: 'INTEGER',
          description: 'Global position of the stream’s first event',
        },
      ],
      indexes: [['account_id', 'created_position'], ['sku'], ['category']],
      toRow: (doc) => ({
        category: doc.category,
        account_id: doc.accountId,
        sku: doc.sku,
        // Positions stay exact: SQLite INTEGER is 64-bit, and the text form keeps it out of a float.
        created_position: doc.createdAt,
      }),
    }),
  },
  ...handledBy(handlers),
};
