// Which streams belong to which account, and which commitments supply which SKU: the index the
// audit timeline and the process managers use to find an account's agreements and commitments.
// And which group each account last joined: the pointer the command handler follows to the
// group's stream, which alone says whether the account is a member (an account is in at most one).
import type { AccountRegistered } from '../../domain/account/index.js';
import type { AgreementDrafted } from '../../domain/agreement/index.js';
import type { GroupMemberAdded, GroupMemberRemoved } from '../../domain/group/index.js';
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

/** The group an account is in, by account id. */
export interface GroupMemberDoc {
  readonly groupId: string;
  /** The position of the GroupMemberAdded. */
  readonly joinedAt: string;
}

export const GROUP_MEMBER = 'group_member';

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
  GroupMemberAdded: on<GroupMemberAdded>((data, event, context) =>
    context.put<GroupMemberDoc>(GROUP_MEMBER, data.accountId, {
      groupId: data.groupId,
      joinedAt: event.globalPosition.toString(),
    }),
  ),
  // Only the group the account is in lets it go: a late removal from an old group changes nothing.
  GroupMemberRemoved: on<GroupMemberRemoved>((data, _event, context) => {
    if (context.get<GroupMemberDoc>(GROUP_MEMBER, data.accountId)?.groupId === data.groupId) {
      context.delete(GROUP_MEMBER, data.accountId);
    }
  }),
};

export const projection: Projection = {
  name: 'stream-index',
  // 2: which group each account is in (group_member).
  version: 2,
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
    [GROUP_MEMBER]: collection<GroupMemberDoc>({
      table: GROUP_MEMBER,
      key: 'account_id',
      columns: [
        { name: 'group_id', type: 'TEXT', description: 'The group the account is a member of' },
        {
          name: 'joined_position',
          type: 'INTEGER',
          description: 'Global position of the GroupMemberAdded',
        },
      ],
      indexes: [['group_id']],
      toRow: (doc) => ({ group_id: doc.groupId, joined_position: doc.joinedAt }),
    }),
  },
  ...handledBy(handlers),
};
