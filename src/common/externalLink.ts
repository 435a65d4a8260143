// What the user is asked before a link from model output opens in their browser. Every http(s)
// link is confirmed — public hosts, this computer, private networks and raw IP addresses alike —
// because the text was written by the model (and so by whoever wrote the files it read), and a
// link to a local or private address can reach services no web page should.

import { isOpenableExternalLink } from './protocol';

export interface ExternalLinkConfirmation {
  /** The URL that will be opened, normalized (host in punycode) and shown in full. */
  url: string;
  message: string;
  /** The full URL and what is unusual about where it points. */
  detail: string;
}

type HostKind = 'loopback' | 'private' | 'ip' | 'name';

function ipv4Octets(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function ipv4Kind([a, b]: number[]): HostKind {
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) {
    return 'private';
  }
  return 'ip';
}

function ipv6Kind(address: string): HostKind {
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '::') return 'loopback';
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, normalized by URL to ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped) {
    const high = parseInt(mapped[1], 16);
    const low = parseInt(mapped[2], 16);
    return ipv4Kind([high >> 8, high & 255, low >> 8, low & 255]);
  }
  if (/^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower)) return 'private';
  return 'ip';
}

/** Where a URL's host points. `hostname` is as the WHATWG URL parser normalized it. */
export function classifyHost(hostname: string): HostKind {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) return ipv6Kind(host.slice(1, -1));
  const octets = ipv4Octets(host);
  if (octets) return ipv4Kind(octets);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  return 'name';
}

const HOST_NOTES: Record<HostKind, string | undefined> = {
  loopback: 'It points to this computer: opening it can reach a service running locally.',
  private: 'It points to an address on a private network.',
  ip: 'Its host is a raw IP address, not a name.',
  name: undefined,
};

/** The confirmation for `href`, or undefined when it is not an http(s) URL (never opened). */
export function externalLinkConfirmation(href: string): ExternalLinkConfirmation | undefined {
  if (!isOpenableExternalLink(href)) return undefined;
  const url = new URL(href);
  const notes: string[] = [];
  const hostNote = HOST_NOTES[classifyHost(url.hostname)];
  if (hostNote) notes.push(hostNote);
  if (url.hostname.split('.').some((label) => label.startsWith('xn--'))) {
    notes.push('Its host name contains non-Latin characters, shown here as the browser will look it up.');
  }
  if (url.username || url.password) notes.push('It carries a user name or password before the host.');
  return {
    url: url.href,
    message: 'Open this link from the chat in your browser?',
    detail: [url.href, ...notes].join('\n\n'),
  };
}
