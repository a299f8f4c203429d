// The addresses a webhook may not reach unless the configuration allows it: loopback, private
// networks, link-local (cloud metadata services live at 169.254.169.254), carrier-grade NAT,
// multicast and the reserved and documentation ranges, in IPv4 and IPv6, IPv4 inside IPv6
// (mapped, NAT64) included. Checked on the resolved address, never on the host's name.
import { BlockList, isIP } from 'node:net';

const IPV4_RANGES: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const IPV6_RANGES: readonly (readonly [string, number])[] = [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (deprecated): ::127.0.0.1 and the like.
  ['::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const BLOCKED = new BlockList();
for (const [address, prefix] of IPV4_RANGES) BLOCKED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of IPV6_RANGES) BLOCKED.addSubnet(address, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
const embeddedIpv4 = (address: string): string | undefined => {
  const lower = address.toLowerCase();
  const prefix = ['::ffff:', '64:ff9b::'].find((p) => lower.startsWith(p));
  if (prefix === undefined) return undefined;
  const rest = lower.slice(prefix.length);
  if (isIP(rest) === 4) return rest;
  const groups = rest.split(':');
  if (groups.length !== 2 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const [high, low] = groups.map((g) => parseInt(g, 16)) as [number, number];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
};

/** True for an IP address a webhook may not reach by default; anything that is not an IP too. */
export const isPrivateAddress = (address: string): boolean => {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) return true;
  if (version === 4) return BLOCKED.check(bare, 'ipv4');
  const inner = embeddedIpv4(bare);
  if (inner !== undefined) return BLOCKED.check(inner, 'ipv4');
  return BLOCKED.check(bare, 'ipv6');
};
