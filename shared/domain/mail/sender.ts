import { addressParser } from 'postal-mime';
import { getDomain } from 'tldts';
import { isEmailAddress } from '../email-address';
import type { HeaderVerdicts } from './parse-mime';

/**
 * Who really sent a mail, by the DMARC rule (RFC 7489): the From domain is trusted only when
 * DMARC passed, or SPF passed for an envelope (MAIL FROM) domain aligned with it, or a DKIM
 * signature passed for a signing domain (d=) aligned with it. Alignment is relaxed: the same
 * organizational domain, from the Public Suffix List (tldts).
 */

/** The one mailbox of the From header, or why there is none we can trust. */
export type FromMailbox = { ok: true; address: string; domain: string } | { ok: false; problem: FromProblem };

export type FromProblem =
  | 'no-from'
  | 'several-from-headers'
  | 'not-one-mailbox'
  | 'encoded-address'
  | 'invalid-address';

/**
 * Exactly one From header with exactly one mailbox whose addr-spec is written plainly (not inside
 * an encoded word) and is a valid address by the one rule; its domain is after the last `@`.
 */
export function fromMailbox(rawFromHeaders: readonly string[]): FromMailbox {
  if (rawFromHeaders.length === 0) return { ok: false, problem: 'no-from' };
  if (rawFromHeaders.length > 1) return { ok: false, problem: 'several-from-headers' };
  const raw = rawFromHeaders[0]!;
  // A From of more than a kilobyte is no person's single address.
  if (raw.length > 1024) return { ok: false, problem: 'not-one-mailbox' };
  const parsed = addressParser(raw);
  const boxes = parsed.flatMap((entry) => (entry.group ? entry.group : [entry]));
  if (boxes.length !== 1 || parsed.some((entry) => entry.group))
    return { ok: false, problem: 'not-one-mailbox' };
  const address = (boxes[0]!.address ?? '').trim();
  if (!address) return { ok: false, problem: 'not-one-mailbox' };
  // The address DMARC judged is the one written in the header, not one an encoded word decodes to.
  const plain = raw.replace(/=\?[^?]*\?[bq]\?[^?]*\?=/gi, ' ');
  if (!plain.toLowerCase().includes(address.toLowerCase())) return { ok: false, problem: 'encoded-address' };
  if (!isEmailAddress(address)) return { ok: false, problem: 'invalid-address' };
  const lower = address.toLowerCase();
  return { ok: true, address: lower, domain: lower.slice(lower.lastIndexOf('@') + 1) };
}

/** What the receiving server found, per method, with the domain each result is for. */
export interface AuthenticationFacts {
  verdicts: HeaderVerdicts;
  /** The envelope (MAIL FROM) domain SPF was checked for; null when unknown or empty. */
  spfDomain: string | null;
  /** Signing domains (d=, or the domain of i=) of the DKIM signatures that passed. */
  dkimPassDomains: string[];
}

export type SenderTrust =
  | { trusted: true; via: 'dmarc' | 'spf-aligned' | 'dkim-aligned' }
  | { trusted: false; problem: string };

/** The organizational domain (lib-a.example for mail.lib-a.example); the host itself when the list has none. */
export function organizationalDomain(host: string): string {
  const clean = host.trim().toLowerCase().replace(/\.$/, '');
  return getDomain(clean, { allowPrivateDomains: false }) ?? clean;
}

export function aligned(a: string, b: string): boolean {
  return organizationalDomain(a) === organizationalDomain(b);
}

/** The DMARC rule over the facts of one mail: spam/virus first, then alignment with the From domain. */
export function senderTrust(fromDomain: string, facts: AuthenticationFacts): SenderTrust {
  const { verdicts } = facts;
  if (verdicts.virus === 'FAIL') return { trusted: false, problem: 'virus' };
  if (verdicts.spam === 'FAIL') return { trusted: false, problem: 'spam' };
  if (verdicts.dmarc === 'FAIL') return { trusted: false, problem: 'dmarc-fail' };
  if (verdicts.dmarc === 'PASS') return { trusted: true, via: 'dmarc' };
  if (verdicts.spf === 'PASS' && facts.spfDomain && aligned(facts.spfDomain, fromDomain))
    return { trusted: true, via: 'spf-aligned' };
  if (verdicts.dkim === 'PASS' && facts.dkimPassDomains.some((d) => aligned(d, fromDomain)))
    return { trusted: true, via: 'dkim-aligned' };
  return { trusted: false, problem: 'not-aligned' };
}

/** SES names itself `amazonses.com` in the Authentication-Results it adds on top of a received mail. */
const SES_AUTHSERV = 'amazonses.com';

/** One method's result in an Authentication-Results header, with its properties (smtp.mailfrom, header.d…). */
interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

function methodResults(value: string): { authserv: string; results: MethodResult[] } {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ').replace(/\([^()]*\)/g, ' ');
  const [authserv = '', ...parts] = unfolded.split(';');
  const results: MethodResult[] = [];
  for (const part of parts) {
    const match = /^\s*([a-z0-9-]+)\s*=\s*([a-z_]+)(.*)$/i.exec(part);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const prop of match[3]!.matchAll(/([a-z0-9-]+\.[a-z0-9-]+)\s*=\s*("[^"]*"|[^\s;]+)/gi))
      properties[prop[1]!.toLowerCase()] = prop[2]!.replace(/^"|"$/g, '');
    results.push({ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties });
  }
  return { authserv: authserv.trim().split(/\s+/)[0]?.toLowerCase() ?? '', results };
}

function domainOf(value: string | undefined): string | null {
  if (!value) return null;
  const at = value.lastIndexOf('@');
  const domain = (at >= 0 ? value.slice(at + 1) : value).trim().toLowerCase().replace(/[>]+$/, '');
  return domain || null;
}

function verdictOf(result: string | undefined): HeaderVerdicts['spf'] {
  if (!result) return 'NONE';
  if (result === 'pass') return 'PASS';
  if (result === 'fail' || result === 'hardfail' || result === 'permerror') return 'FAIL';
  if (result === 'temperror') return 'PROCESSING_FAILED';
  if (result === 'none') return 'NONE';
  return 'GRAY';
}

/**
 * The facts SES wrote into the mail it stored: only the first Authentication-Results header
 * that SES added (a sender can write headers of that name too, below it). Spam and virus
 * verdicts come from SES's X-SES-* headers, which it also sets.
 */
export function sesAuthenticationFacts(
  authenticationResults: readonly string[],
  sesVerdicts: Pick<HeaderVerdicts, 'spam' | 'virus'>,
): AuthenticationFacts | undefined {
  const ses = authenticationResults.map(methodResults).find((h) => h.authserv === SES_AUTHSERV);
  if (!ses) return undefined;
  const first = (method: string) => ses.results.find((r) => r.method === method);
  const spf = first('spf');
  const dkim = ses.results.filter((r) => r.method === 'dkim');
  const dkimPassDomains = dkim
    .filter((r) => r.result === 'pass')
    .flatMap((r) => [domainOf(r.properties['header.d']), domainOf(r.properties['header.i'])])
    .filter((d): d is string => Boolean(d));
  return {
    verdicts: {
      ...sesVerdicts,
      spf: verdictOf(spf?.result),
      dkim: dkim.some((r) => r.result === 'pass') ? 'PASS' : verdictOf(dkim[0]?.result),
      dmarc: verdictOf(first('dmarc')?.result),
    },
    spfDomain: domainOf(spf?.properties['smtp.mailfrom']),
    dkimPassDomains: [...new Set(dkimPassDomains)],
  };
}

/**
 * The facts of a mail SES received, in AWS: the receipt's verdicts (never the mail's own
 * headers), the envelope sender of the event (`mail.source`), and the passing signing domains
 * as SES recorded them in the stored mail (the receipt's DKIM verdict does not say for whom).
 */
export function receiptAuthenticationFacts(
  receipt: HeaderVerdicts,
  envelopeSender: string | null,
  stored: AuthenticationFacts | undefined,
): AuthenticationFacts {
  return {
    verdicts: receipt,
    spfDomain: domainOf(envelopeSender ?? undefined),
    dkimPassDomains: receipt.dkim === 'PASS' ? (stored?.dkimPassDomains ?? []) : [],
  };
}
