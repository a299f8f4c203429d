export {
  GROUP_MEMBER,
  projection,
  STREAM_INDEX,
  type GroupMemberDoc,
  type StreamIndexDoc,
} from './projection.js';
