/**
 * Digest grouping: every recipient gets one message per job (per institution) listing all the
 * notices that concern them. Recipients whose lists are identical share one message, so a
 * single account's notice still goes out as one mail to the employee and the supervisor with
 * the managers in copy.
 */
export interface AddressedNotice {
  key: string;
  /** Messages never mix groups (an institution: its language and its managers). */
  group: string;
  to: string[];
  cc: string[];
}

export interface Delivery<N extends AddressedNotice> {
  notice: N;
  recipient: string;
  role: 'to' | 'cc';
}

export interface Digest<N extends AddressedNotice> {
  group: string;
  to: string[];
  cc: string[];
  notices: N[];
}

/** One delivery per distinct recipient of the notice; someone in both To and Cc is addressed directly. */
export function deliveriesOf<N extends AddressedNotice>(notice: N): Delivery<N>[] {
  const roles = new Map<string, 'to' | 'cc'>();
  for (const address of notice.to) roles.set(address.toLowerCase(), 'to');
  for (const address of notice.cc)
    if (!roles.has(address.toLowerCase())) roles.set(address.toLowerCase(), 'cc');
  return [...roles].map(([recipient, role]) => ({ notice, recipient, role }));
}

export function groupIntoDigests<N extends AddressedNotice>(deliveries: Delivery<N>[]): Digest<N>[] {
  const perRecipient = new Map<
    string,
    { group: string; recipient: string; role: 'to' | 'cc'; notices: Map<string, N> }
  >();
  for (const { notice, recipient, role } of deliveries) {
    const id = `${notice.group}\u0000${recipient}`;
    let entry = perRecipient.get(id);
    if (!entry) {
      entry = { group: notice.group, recipient, role, notices: new Map() };
      perRecipient.set(id, entry);
    }
    if (role === 'to') entry.role = 'to';
    entry.notices.set(notice.key, notice);
  }
  const digests = new Map<string, Digest<N>>();
  for (const entry of perRecipient.values()) {
    const keys = [...entry.notices.keys()].sort();
    const id = `${entry.group}\u0000${keys.join('\u0001')}`;
    let digest = digests.get(id);
    if (!digest) {
      digest = { group: entry.group, to: [], cc: [], notices: keys.map((k) => entry.notices.get(k)!) };
      digests.set(id, digest);
    }
    (entry.role === 'to' ? digest.to : digest.cc).push(entry.recipient);
  }
  return [...digests.values()].map((digest) =>
    digest.to.length
      ? { ...digest, to: digest.to.sort(), cc: digest.cc.sort() }
      : { ...digest, to: digest.cc.sort(), cc: [] },
  );
}
