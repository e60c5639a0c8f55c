import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { institutionOfSender, loadConfigFile, parseConfig } from '../../../shared/config/load';
import { ConfigError } from '../../../shared/errors';

const example = JSON.parse(readFileSync('config/example.json', 'utf8'));

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(JSON.stringify(input));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('config was accepted');
}

describe('configuration', () => {
  it('accepts the documented example and fills defaults', () => {
    const config = loadConfigFile('config/example.json');
    expect(config.institutions.map((i) => i.code)).toEqual(['LIB-A', 'LIB-B']);
    const minimal = parseConfig(
      JSON.stringify({
        mailbox: 'a@x.example',
        helpdesk: 'h@x.example',
        institutions: [example.institutions[1]],
      }),
    );
    expect(minimal.notices.expiryOffsetsDays).toEqual([30, 7]);
    expect(minimal.notices.yearlyReview).toEqual({ start: '11-15', reminder: '12-10', undecided: 'expire' });
    expect(minimal.monitor.failuresBeforeAlert).toBe(2);
  });

  it('lists every problem of a bad file as path: message', () => {
    const bad = {
      ...example,
      mailbox: 'not-an-address',
      institutions: [
        { ...example.institutions[0], language: 'de', managers: ['nobody'] },
        example.institutions[0],
      ],
      notices: { ...example.notices, expiryOffsetsDays: [7, 7], yearlyReview: { start: '02-30' } },
      typo: true,
    };
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mailbox: /),
        expect.stringMatching(/^institutions\.0\.language: /),
        expect.stringMatching(/^institutions\.0\.managers\.0: /),
        expect.stringMatching(/^notices\.expiryOffsetsDays: offsets must be different/),
        expect.stringMatching(/^notices\.yearlyReview\.start: no such day/),
        expect.stringMatching(/typo/),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses two institutions with the same code', () => {
    expect(
      problemsOf({ ...example, institutions: [example.institutions[0], example.institutions[0]] }),
    ).toEqual(['institutions: institution codes must be unique']);
  });

  it('refuses a manager of two institutions and sender domains that overlap: a sender must name one institution', () => {
    const [a, b] = example.institutions;
    expect(
      problemsOf({
        ...example,
        institutions: [a, { ...b, managers: [...b.managers, 'Anne.Dubois@lib-a.example'] }],
      }),
    ).toEqual(['institutions.1.managers: anne.dubois@lib-a.example is already a manager of LIB-A']);
    expect(
      problemsOf({ ...example, institutions: [a, { ...b, senderDomains: ['staff.lib-a.example'] }] }),
    ).toEqual(['institutions.1.senderDomains: staff.lib-a.example overlaps lib-a.example of LIB-A']);
    expect(problemsOf({ ...example, institutions: [a, { ...b, senderDomains: ['LIB-A.example'] }] })).toEqual(
      ['institutions.1.senderDomains: lib-a.example overlaps lib-a.example of LIB-A'],
    );
    expect(
      problemsOf({ ...example, institutions: [{ ...a, managers: [...a.managers, a.managers[0]] }, b] }),
    ).toEqual(['institutions.0.managers: anne.dubois@lib-a.example is listed twice']);
  });

  it('refuses a file that is not JSON or not there, saying so in one line', () => {
    expect(() => parseConfig('{ nope')).toThrow(/not valid JSON/);
    expect(() => loadConfigFile('/nonexistent/config.json')).toThrow(/cannot read config file .*ENOENT/);
  });

  it('finds the institution of a sender: manager first, then domain', () => {
    const config = loadConfigFile('config/example.json');
    expect(institutionOfSender(config, 'Anne.Dubois@lib-a.example')?.code).toBe('LIB-A');
    expect(institutionOfSender(config, 'someone@lib-b.example')?.code).toBe('LIB-B');
    expect(institutionOfSender(config, 'x@evil.example')).toBeUndefined();
    // The domain is after the last '@': a quoted local part naming a manager is not that manager.
    expect(institutionOfSender(config, 'anne.dubois@lib-a.example@evil.example')).toBeUndefined();
  });

  it('reads the follow-up of waiting requests: defaults 7 and 30, positive whole days, abandon after remind', () => {
    const minimal = {
      mailbox: 'a@x.example',
      helpdesk: 'h@x.example',
      institutions: [example.institutions[1]],
    };
    expect(parseConfig(JSON.stringify(minimal)).requests).toEqual({
      remindAfterDays: 7,
      abandonAfterDays: 30,
    });
    expect(parseConfig(JSON.stringify({ ...minimal, requests: { remindAfterDays: 3 } })).requests).toEqual({
      remindAfterDays: 3,
      abandonAfterDays: 30,
    });
    expect(problemsOf({ ...minimal, requests: { remindAfterDays: 0, abandonAfterDays: 2.5 } })).toEqual([
      expect.stringMatching(/^requests\.remindAfterDays: /),
      expect.stringMatching(/^requests\.abandonAfterDays: /),
    ]);
    expect(
      problemsOf({ ...minimal, requests: { remindAfterDays: -7, abandonAfterDays: '30' } }),
    ).toHaveLength(2);
    expect(problemsOf({ ...minimal, requests: { remindAfterDays: 14, abandonAfterDays: 14 } })).toEqual([
      'requests.abandonAfterDays: must be more than requests.remindAfterDays (14), or the reminder never goes out',
    ]);
    expect(problemsOf({ ...minimal, requests: { remindAfterDays: 40 } })).toEqual([
      expect.stringMatching(
        /^requests\.abandonAfterDays: must be more than requests\.remindAfterDays \(40\)/,
      ),
    ]);
    expect(problemsOf({ ...minimal, requests: { remindAfter: 7 } })).toEqual([
      expect.stringMatching(/^requests: .*remindAfter/),
    ]);
  });
});

describe('Alma role profiles (codes of Alma’s UserRoleTypes code table)', () => {
  const withProfiles = (roleProfiles: Record<string, unknown>) => ({
    ...example,
    institutions: [
      {
        ...example.institutions[0],
        almaUser: { ...example.institutions[0].almaUser, defaultRoleProfile: 'fulfillment', roleProfiles },
      },
      example.institutions[1],
    ],
  });
  const at = 'institutions.0.almaUser.roleProfiles';

  it('the example profiles give documented roles of their own area, with the parameters their type takes', () => {
    const profiles = loadConfigFile('config/example.json').institutions[0]!.almaUser!.roleProfiles;
    const roles = Object.fromEntries(
      Object.entries(profiles).map(([name, p]) => [name, p.roles.map((r) => r.role_type)]),
    );
    // 32 Circulation Desk Operator, 210 Physical Inventory Operator, 204 Cataloger, 54 Purchasing Operator.
    expect(roles).toEqual({
      fulfillment: ['32'],
      inventory: ['210'],
      cataloguing: ['204'],
      acquisitions: ['54'],
    });
    expect(profiles.fulfillment!.roles[0]!.parameters.map((p) => p.type)).toEqual(['CirculationDesk']);
    expect(loadConfigFile('config/local.json').institutions.length).toBe(2);
  });

  it('refuses 32 (Circulation Desk Operator) without its CirculationDesk parameter', () => {
    expect(
      problemsOf(
        withProfiles({
          fulfillment: { area: 'fulfillment', roles: [{ role_type: '32', scope: 'LIB_A_MAIN' }] },
        }),
      ),
    ).toEqual([
      `${at}.fulfillment.roles.0: role_type 32 (Circulation Desk Operator) needs a CirculationDesk parameter`,
    ]);
  });

  it('refuses 214 (Work Order Operator) with a CirculationDesk parameter: it takes a ServiceUnit', () => {
    const problems = problemsOf(
      withProfiles({
        fulfillment: {
          area: 'fulfillment',
          roles: [
            {
              role_type: '214',
              scope: 'LIB_A_MAIN',
              parameters: [{ type: 'CirculationDesk', value: 'DEFAULT_CIRC_DESK' }],
            },
          ],
        },
      }),
    );
    expect(problems).toEqual([
      `${at}.fulfillment.roles.0: role_type 214 (Work Order Operator) needs a ServiceUnit parameter`,
      `${at}.fulfillment.roles.0: role_type 214 (Work Order Operator) takes ServiceUnit parameters, not CirculationDesk`,
    ]);
  });

  it('refuses a role of another area in a profile (the shared-account rule guards profiles by area) and an unknown code', () => {
    const problems = problemsOf(
      withProfiles({
        fulfillment: {
          area: 'fulfillment',
          roles: [
            { role_type: '204', scope: 'LIB_A_INST' },
            { role_type: '51', scope: 'LIB_A_MAIN', parameters: [{ type: 'CirculationDesk', value: 'D' }] },
          ],
        },
        acquisitions: { area: 'acquisitions', roles: [{ role_type: '9999', scope: 'LIB_A_MAIN' }] },
      }),
    );
    expect(problems[0]).toBe(
      `${at}.fulfillment.roles.0: role_type 204 (Cataloger) is a cataloguing role, not a fulfillment one: put it in a cataloguing profile`,
    );
    expect(problems[1]).toMatch(
      /^institutions\.0\.almaUser\.roleProfiles\.acquisitions\.roles\.0: role_type 9999 is not a role type this suite knows/,
    );
    expect(problems).toHaveLength(2);
  });
});
