// Which network addresses a webhook may be sent to. A webhook makes this server send requests
// where a site's admin says: without this check, to the database, the metadata service of a
// cloud host or anything else reachable only from inside. Private, loopback, link-local,
// unique-local, shared (CGNAT), multicast and reserved ranges are refused, including IPv4
// addresses spelled as IPv6 (mapped, NAT64, 6to4). Installs whose receivers live on their own
// network allow them with PARLEY_WEBHOOKS_ALLOW_PRIVATE.
import { isIPv4, isIPv6 } from 'node:net';

/** [first octets as a number, prefix length] of the IPv4 ranges refused. */
const V4_REFUSED: [string, number][] = [
  ['0.0.0.0', 8], // "this network", and the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud hosts answer metadata requests
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function v4Refused(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_REFUSED.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4ToInt(base) / 2 ** (32 - bits)),
  );
}

/** The eight 16-bit groups of an IPv6 address (valid, as isIPv6 says), an embedded IPv4 tail included. */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4ToInt(tail[1]);
    text = `${text.slice(0, -tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const a = parse(head);
  const b = parse(rest);
  return rest === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
}

const v4FromGroups = (hi: number, lo: number) => `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;

function v6Refused(ip: string): boolean {
  const g = v6Groups(ip);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && g[7] === 1) return true; // ::1
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique-local fc00::/7
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:ab:cd::)
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4Refused(v4FromGroups(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Refused(v4FromGroups(g[6], g[7]));
  if (g[0] === 0x2002) return v4Refused(v4FromGroups(g[1], g[2]));
  return false;
}

/** Whether a webhook may not be sent to this address (not an IP address at all counts as refused). */
export function isRefusedAddress(ip: string): boolean {
  if (isIPv4(ip)) return v4Refused(ip);
  if (isIPv6(ip)) return v6Refused(ip);
  return true;
}

/** The IP address a URL's host spells (IPv6 without its brackets), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIPv4(h) || isIPv6(h) ? h : null;
}
