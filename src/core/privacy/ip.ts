// IP addresses are never stored or logged raw: only a keyed hash of the network a person
// posts from. IPv6 counts per /64 (one subscriber usually owns a whole /64), IPv4 per address.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

function expandIPv6(addr: string): number[] | null {
  let a = addr.split('%')[0];
  // IPv4-embedded tail (::ffff:1.2.3.4)
  const v4 = a.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const p = v4[1].split('.').map(Number);
    a = `${a.slice(0, -v4[1].length) + ((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === null ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array(fill).fill('0'), ...t].map((g) => parseInt(g || '0', 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/** The network an address is counted as: the IPv4 address, or the IPv6 /64 prefix. */
export function ipNetwork(ip: string): string | null {
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return null;
  const g = expandIPv6(ip);
  if (!g) return null;
  // IPv4-mapped addresses are IPv4 clients.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

export function hashIp(ip: string, secret: string): string | null {
  const net = ipNetwork(ip);
  return net ? createHmac('sha256', secret).update(net).digest('hex').slice(0, 32) : null;
}
