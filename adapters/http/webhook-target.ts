// Where a webhook may send: not to loopback or private addresses unless the configuration allows
// it (KARE_WEBHOOKS_ALLOW_PRIVATE), checked on the addresses a host resolves to — when it is
// registered, and again on every delivery by the lookup the sender connects with, so a name
// that later resolves to 127.0.0.1 (DNS rebinding) is refused at the connection it would make.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { domainError, type DomainError } from '../../domain/kernel/index.js';
import { isPrivateAddress } from '../../src/consumers/webhooks/private-address.js';
import type { TargetCheck } from '../../src/consumers/webhooks/webhooks.js';

export const WEBHOOK_TARGET_NOT_ALLOWED = 'WEBHOOK_TARGET_NOT_ALLOWED';
export const WEBHOOK_TARGET_UNRESOLVED = 'WEBHOOK_TARGET_UNRESOLVED';

/** How long a registration waits for a host name to resolve. */
const RESOLVE_MS = 5000;

/** The host of a URL as an address or name (IPv6 without its brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

const notAllowed = (host: string, address: string): DomainError =>
  domainError(
    WEBHOOK_TARGET_NOT_ALLOWED,
    `${host} is ${address === host ? '' : `at ${address}, `}a loopback, private or reserved address: webhooks may not call it (KARE_WEBHOOKS_ALLOW_PRIVATE=true allows it)`,
    { host, address },
  );

/** Every address the host resolves to (an IP literal is its own). */
const resolveAll = (host: string): Promise<readonly string[]> =>
  isIP(host) !== 0
    ? Promise.resolve([host])
    : new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no answer within ${RESOLVE_MS / 1000} s`)),
          RESOLVE_MS,
        );
        dnsLookup(host, { all: true }, (error, addresses) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(addresses.map((a) => a.address));
        });
      });

/** The registration's check: the host resolves, and (unless allowed) to no private address. */
export const webhookTargetCheck =
  (allowPrivate: boolean): TargetCheck =>
  async (url) => {
    const host = hostOf(url);
    let addresses: readonly string[];
    try {
      addresses = await resolveAll(host);
    } catch (error) {
      return domainError(
        WEBHOOK_TARGET_UNRESOLVED,
        `${host} does not resolve: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { host },
      );
    }
    if (allowPrivate) return undefined;
    const refused = addresses.find(isPrivateAddress);
    return refused === undefined ? undefined : notAllowed(host, refused);
  };

/** A refused target, as the delivery's error. */
export class TargetNotAllowed extends Error {
  override readonly name = 'TargetNotAllowed';
}

/** Refuses an IP-literal host that is private (a connection to an IP makes no lookup). */
export const checkLiteral = (host: string, allowPrivate: boolean): void => {
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host))
    throw new TargetNotAllowed(notAllowed(host, host).message);
};

/** The lookup a delivery connects with: the resolved addresses, refused when any is private. */
export const guardedLookup =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused !== undefined)
        return callback(new TargetNotAllowed(notAllowed(hostname, refused.address).message), '', 4);
      if (options.all === true)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
