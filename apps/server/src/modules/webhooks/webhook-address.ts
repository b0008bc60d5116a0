import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. Loopback, private, link-local, carrier-grade NAT, unique
 * local, multicast, reserved and the like are not (an IPv4 address written as IPv6 is judged as IPv4): a
 * webhook must not become a way to reach the server's own network (SSRF) unless an administrator allows it.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  return parsed.range() === 'unicast';
}
