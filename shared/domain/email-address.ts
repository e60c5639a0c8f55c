import * as z from 'zod/mini';

/**
 * The one e-mail address rule, for the config, CSV imports and mail fields alike: a plain
 * addr-spec `local@domain`, lower-cased.
 * - local part: an RFC 5322 dot-atom (letters, digits, ! # $ % & ' * + / = ? ^ _ ` { | } ~ -,
 *   dots between them), at most 64 characters; quoted local parts (`"x@y"@evil.example`) are
 *   refused: they are legal but only ever seen in tricks, and SES and Alma do not take them.
 * - domain: at least two dot-separated labels of letters, digits and inner hyphens (≤ 63 each),
 *   the last one letters (`.example`) or an IDN in its ASCII form (`xn--…`). An internationalised
 *   domain is accepted only as punycode (`xn--bcher-kva.example`): SES sends to ASCII addresses only.
 * - at most 254 characters (RFC 5321's path limit less the angle brackets).
 */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Whether an already trimmed and lower-cased text is an address under the rule. */
function followsAddressRule(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.indexOf('@');
  if (at < 1 || at !== address.lastIndexOf('@')) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return (
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LABEL.test(labels[labels.length - 1]!)
  );
}

function normalized(text: string): string {
  return text.trim().toLowerCase();
}

/** The address, trimmed and lower-cased; undefined when it is not one. */
export function emailAddress(text: string): string | undefined {
  const address = normalized(text);
  return followsAddressRule(address) ? address : undefined;
}

export function isEmailAddress(text: string): boolean {
  return emailAddress(text) !== undefined;
}

/**
 * The rule as a zod/mini schema (small enough for the function bundles): refuses anything the
 * rule refuses, with the boundary's own message (given the text as written), and outputs the
 * address trimmed and lower-cased.
 */
export function emailAddressSchema(message: string | ((input: string) => string) = 'Invalid email address') {
  return z.string().check(
    z.refine(isEmailAddress, {
      error: (issue) => (typeof message === 'string' ? message : message(String(issue.input))),
    }),
    z.overwrite(normalized),
  );
}
