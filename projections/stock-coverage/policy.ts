// Which policy a stored figure is computed under: the version an event recorded (in its data,
// or in its metadata when the handler put it there), never the newest one, so a replay years
// later gives the same rows. An unknown or missing version falls back to v1.
import { policyFor, POLICY_V1, type Policy } from '../../domain/kernel/index.js';
import type { ProjectedEvent } from '../projection.js';

export const recordedPolicyVersion = (event: ProjectedEvent): string | undefined => {
  const fromData = event.data['policyVersion'];
  if (typeof fromData === 'string') return fromData;
  const fromMetadata = event.metadata['policyVersion'];
  return typeof fromMetadata === 'string' ? fromMetadata : undefined;
};

export const policyOf = (version: string): Policy => policyFor(version) ?? POLICY_V1;
