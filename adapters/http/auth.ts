// Access by API key: `Authorization: Bearer <key>`, keys and roles from KARE_API_KEYS. Keys are
// compared in constant time (on their digests, so lengths leak nothing) and never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { problem, ProblemError } from './problem.js';

export const ROLES = ['operator', 'analyst', 'auditor', 'integrator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  readonly digest: Buffer;
  readonly role: Role;
  /** Names the key in event metadata (`actor`) and logs: a prefix of its digest, never the key. */
  readonly id: string;
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Parses `key=role,key=role`. Throws on an unknown role or an empty key, naming the entry by position. */
export const parseApiKeys = (value: string | undefined): readonly ApiKey[] => {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry, i) => {
    const at = entry.lastIndexOf('=');
    const key = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim() as Role;
    if (at <= 0 || key === '') throw new Error(`KARE_API_KEYS entry ${i + 1} must be <key>=<role>`);
    if (!ROLES.includes(role))
      throw new Error(`KARE_API_KEYS entry ${i + 1}: role must be one of ${ROLES.join(', ')}`);
    const hashed = digest(key);
    return { digest: hashed, role, id: hashed.subarray(0, 4).toString('hex') };
  });
};

/** The configured key presented, checking every one so timing says nothing about which matched. */
export const keyOf = (keys: readonly ApiKey[], presented: string): ApiKey | undefined => {
  const candidate = digest(presented);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, candidate)) found ??= key;
  }
  return found;
};

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's role, set by `authenticate`. */
    role?: Role;
    /** Which key the caller presented (its id), set by `authenticate`; absent in open mode. */
    keyId?: string;
  }
}

/**
 * With no keys configured every request is admin (the server is then only to listen on
 * loopback: the composition root's business). Otherwise a missing or unknown key is 401.
 */
export const authenticate =
  (keys: readonly ApiKey[]) =>
  (req: Request, _res: Response, next: NextFunction): void => {
    if (keys.length === 0) {
      req.role = 'admin';
      next();
      return;
    }
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    const key = match?.[1] === undefined ? undefined : keyOf(keys, match[1]);
    if (key === undefined) {
      throw new ProblemError(
        problem(
          401,
          'UNAUTHENTICATED',
          header === undefined
            ? 'An API key is required: Authorization: Bearer <key>'
            : 'The API key is not valid',
        ),
      );
    }
    req.role = key.role;
    req.keyId = key.id;
    next();
  };

/** Only these roles (and admin) may pass. */
export const allow =
  (...roles: readonly Role[]) =>
  (req: Request, _res: Response, next: NextFunction): void => {
    if (req.role === 'admin' || (req.role !== undefined && roles.includes(req.role))) {
      next();
      return;
    }
    throw new ProblemError(
      problem(
        403,
        'FORBIDDEN',
        `This needs the role ${roles.join(' or ')}; the key has ${req.role ?? 'none'}`,
      ),
    );
  };
