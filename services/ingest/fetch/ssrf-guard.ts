import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { ForbiddenTargetError } from '../errors.ts';

// Targets a fetch of a user-supplied URL must never reach: loopback, private, link-local (cloud
// metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation ranges.
// Node's BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rules.
const V4: [string, number][] = [
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
const V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const forbidden = new BlockList();
for (const [net, prefix] of V4) forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6) forbidden.addSubnet(net, prefix, 'ipv6');

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return forbidden.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Which targets a fetcher refuses: `true` allows every address, `false` refuses the forbidden
 * ranges, a list of CIDRs ('127.0.0.0/8', 'fd00::/8') opens just those inside the forbidden ranges.
 */
export type PrivateNetworkPolicy = boolean | readonly string[];

export function refuses(policy: PrivateNetworkPolicy): (address: string) => boolean {
  if (policy === true) return () => false;
  if (policy === false || policy.length === 0) return isForbiddenAddress;
  const allowed = new BlockList();
  for (const cidr of policy) {
    const [net = '', bits] = cidr.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    allowed.addSubnet(net, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return (address) =>
    isForbiddenAddress(address) && !allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Throws ForbiddenTargetError for an IP literal host that is refused (hostnames are checked on lookup). */
export function assertLiteralAllowed(hostname: string, refused: (address: string) => boolean): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0 && refused(bare)) {
    throw new ForbiddenTargetError(`refusing to fetch ${bare}: private, loopback or link-local address`);
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses it when ANY of its addresses is
 * forbidden. Checking inside the connection's own lookup (not in a separate resolution before it)
 * means the address checked is the address connected to: no DNS-rebinding window.
 */
export function guardedLookup(refused: (address: string) => boolean) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void => {
    dnsLookup(
      hostname,
      { all: true, family: typeof options.family === 'number' ? options.family : 0 },
      (err, addresses) => {
        if (err) return callback(err, []);
        const bad = addresses.find((a) => refused(a.address));
        if (bad) {
          return callback(
            new ForbiddenTargetError(
              `refusing to fetch ${hostname}: it resolves to ${bad.address}, a private, loopback or link-local address`,
            ),
            [],
          );
        }
        if (options.all) return callback(null, addresses);
        const first = addresses[0];
        if (!first)
          return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        callback(null, first.address, first.family);
      },
    );
  };
}
