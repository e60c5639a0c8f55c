import { describe, expect, it } from 'vitest';
import { type Config, configProblems } from '../../../shared/config/schema';
import { emailAddress, isEmailAddress } from '../../../shared/domain/email-address';
import { importRow } from '../../../shared/domain/import-row';
import { parseEmailValue, validEmail } from '../../../shared/domain/mail';

const NOW = new Date('2027-01-10T10:00:00Z');
const baseConfig = {
  mailbox: 'accounts@helpdesk.example.org',
  helpdesk: 'helpdesk@helpdesk.example.org',
  institutions: [{ code: 'LIB-A', name: 'Library A', language: 'fr', managers: ['anne@lib-a.example'] }],
};
const config = configProblems(baseConfig).config as Config;

/** What each boundary makes of one address: the address it keeps, or null when it refuses it. */
function verdicts(address: string) {
  const configured = configProblems({ ...baseConfig, helpdesk: address }).config?.helpdesk ?? null;
  const row = importRow(config, ['Jean', address, 'personal', 'permanent', '', 'LIB-A', '', 'prêt'], NOW);
  return {
    rule: emailAddress(address) ?? null,
    config: configured,
    csv: typeof row === 'string' ? null : row.email,
    mail: validEmail(address) ?? null,
  };
}

const same = (verdict: string | null) => ({ rule: verdict, config: verdict, csv: verdict, mail: verdict });

describe('one e-mail address rule for the config, CSV rows and mail fields', () => {
  it.each([
    ['a@b', null],
    ['"x@y"@evil.example', null],
    ['a@@b.c', null],
    ['a@b.c', null],
    ['a@x.example.', null],
    ['a.@x.example', null],
    ['.a@x.example', null],
    ['jean..dupont@x.example', null],
    ['a b@x.example', null],
    ['jean@bücher.example', null],
    ['jean@-lib.example', null],
    ['jean@lib_a.example', null],
    [`${'a'.repeat(65)}@x.example`, null],
    [`a@${'b'.repeat(64)}.example`, null],
    ['', null],
    ['  anne.dubois@lib-a.example  ', 'anne.dubois@lib-a.example'],
    ['Anne.Dubois@LIB-A.Example', 'anne.dubois@lib-a.example'],
    ['jean@xn--bcher-kva.example', 'jean@xn--bcher-kva.example'],
    ['x@y.xn--p1ai', 'x@y.xn--p1ai'],
    ["o'neil+lib@sub.lib-a.example", "o'neil+lib@sub.lib-a.example"],
    ['=cmd@lib-a.example', '=cmd@lib-a.example'],
  ])('%j → %j everywhere', (address, verdict) => {
    expect(verdicts(address)).toEqual(same(verdict));
    expect(isEmailAddress(address)).toBe(verdict !== null);
  });

  it('each boundary says no in its own words', () => {
    expect(configProblems({ ...baseConfig, helpdesk: 'a@b' }).problems).toEqual([
      'helpdesk: Invalid email address',
    ]);
    expect(importRow(config, ['Jean', 'A@B', 'personal', 'permanent', '', 'LIB-A', '', 'prêt'], NOW)).toBe(
      'email "A@B" is not an e-mail address',
    );
    expect(
      importRow(
        config,
        ['Jean', 'j@lib-a.example', 'personal', 'volunteer', 'x@y', 'LIB-A', '', 'prêt'],
        NOW,
      ),
    ).toBe('supervisorEmail "x@y" is not an e-mail address');
  });

  it('in free text the finder cuts addresses out, then the same rule decides', () => {
    // Found: the part the rule accepts (a sentence's full stop, a name before it are not the address).
    expect(parseEmailValue('Jean Dupont jean@lib-a.example.')).toEqual({
      ok: true,
      email: 'jean@lib-a.example',
    });
    expect(parseEmailValue('a b@x.example')).toEqual({ ok: true, email: 'b@x.example' });
    // Refused by the rule whatever the finder cuts out.
    for (const text of ['"x@y"@evil.example', 'a@@b.c', 'jean@bücher.example', 'a@b', 'a.@x.example']) {
      expect(parseEmailValue(text)).toEqual({ ok: false });
    }
  });
});
