/**
 * The key an allowance counts a client address under. One IPv4 address is one client, but an IPv6 client
 * usually holds a whole /64 (and can pick a new address in it for every request), so IPv6 addresses are
 * counted by their /64 prefix. IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is its IPv4 address; zone ids are
 * dropped. Anything unparseable is kept as it is (it still counts, just on its own).
 */
export function clientAddressKey(address: string): string {
  const bare = address.trim().toLowerCase().replace(/%.*$/, '');
  if (!bare.includes(':')) return bare;
  const groups = expandIpv6(bare);
  if (!groups) return bare;
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [high, low] = [Number.parseInt(groups[6]!, 16), Number.parseInt(groups[7]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (without leading zeros), or null when it is not one. */
function expandIpv6(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const part = (text: string | undefined): string[] | null => {
    if (!text) return [];
    const groups = text.split(':');
    // A trailing dotted IPv4 part stands for two hextets.
    const last = groups.at(-1)!;
    if (last.includes('.')) {
      const octets = last.split('.').map(Number);
      if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
      groups.splice(-1, 1, ((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16));
    }
    return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups.map((g) => Number.parseInt(g, 16).toString(16)) : null;
  };
  const head = part(halves[0]);
  const tail = part(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array.from({ length: missing }, () => '0'), ...tail] : null;
}
