// What a service request is: its kind decides its size (and so its SLA), never the caller.
import type * as t from 'io-ts';
import { oneOf } from '../kernel/index.js';

export const SERVICE_REQUEST_KINDS = [
  'SUSPENSION',
  'SIM_REPLACEMENT',
  'BILLING_QUERY',
  'NETWORK_DESIGN',
  'NETWORK_ROLLOUT',
  'DEDICATED_LINE',
] as const;
export const ServiceRequestKind = oneOf('ServiceRequestKind', SERVICE_REQUEST_KINDS);
export type ServiceRequestKind = t.TypeOf<typeof ServiceRequestKind>;

/** One point of access: the account calls the hotline or its own manager. */
export const ServiceRequestChannel = oneOf('ServiceRequestChannel', ['HOTLINE', 'MANAGER']);
export type ServiceRequestChannel = t.TypeOf<typeof ServiceRequestChannel>;

export const ServiceRequestSize = oneOf('ServiceRequestSize', ['SMALL', 'LARGE']);
export type ServiceRequestSize = t.TypeOf<typeof ServiceRequestSize>;

const SIZE_OF_KIND: Readonly<Record<ServiceRequestKind, ServiceRequestSize>> = {
  SUSPENSION: 'SMALL',
  SIM_REPLACEMENT: 'SMALL',
  BILLING_QUERY: 'SMALL',
  NETWORK_DESIGN: 'LARGE',
  NETWORK_ROLLOUT: 'LARGE',
  DEDICATED_LINE: 'LARGE',
};

export const sizeOfKind = (kind: ServiceRequestKind): ServiceRequestSize => SIZE_OF_KIND[kind];
