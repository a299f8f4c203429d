// The StreamIndex port on the read-model store: the stream-index projection's table.
import {
  GROUP_MEMBER,
  STREAM_INDEX,
  type GroupMemberDoc,
  type StreamIndexDoc,
} from '../projections/stream-index/index.js';
import { InvalidReadModelQuery, type ReadModelStore, type StreamIndex } from './ports.js';

export const streamIndexOn = (readModels: ReadModelStore): StreamIndex => ({
  streamsOf: async (accountId) => {
    const rows = await readModels.find<StreamIndexDoc>(STREAM_INDEX, {
      where: { account_id: accountId },
      orderBy: [{ column: 'created_position', direction: 'asc' }],
    });
    // The account's own stream first, then its agreements and commitments as they were created.
    const own = rows.filter((r) => r.doc.category === 'account');
    const others = rows.filter((r) => r.doc.category !== 'account');
    return [...own, ...others].map((r) => r.key);
  },
  accountIds: async () =>
    (await readModels.find<StreamIndexDoc>(STREAM_INDEX, { where: { category: 'account' } })).map(
      (r) => r.doc.accountId,
    ),
  commitmentsForSku: async (sku) =>
    (await readModels.find<StreamIndexDoc>(STREAM_INDEX, { where: { category: 'supply', sku } })).map((r) =>
      r.key.slice('supply-'.length),
    ),
  groupOf: async (accountId) => {
    try {
      return (await readModels.get<GroupMemberDoc>(GROUP_MEMBER, accountId))?.doc.groupId;
    } catch (error) {
      // No live table of memberships yet (a projector that never ran, the first build of the
      // index still going): it has seen no account join a group.
      if (error instanceof InvalidReadModelQuery && error.reason === 'unknown_collection') return undefined;
      throw error;
    }
  },
});
