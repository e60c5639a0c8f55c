import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { DEFAULT_PASSWORD_POLICY } from '../domain/alma/passwords';
import { roleTypeProblems } from '../domain/alma/role-types';
import { emailAddressSchema } from '../domain/email-address';
import { LANGUAGES } from '../domain/language';

/** The one Language type lives in the domain (the texts need it); config re-exports it. */
export { LANGUAGES, type Language } from '../domain/language';

// zod/mini keeps bundles small (measured: full zod is 443 KiB); only the English locale, for readable messages.
z.config(en());

/** The one e-mail address rule (shared/domain/email-address.ts), with zod's own message. */
const email = () => emailAddressSchema();
const monthDay = () =>
  z.string().check(
    z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD'),
    z.refine((v) => !['02-30', '02-31', '04-31', '06-31', '09-31', '11-31'].includes(v), 'no such day'),
  );
const offsets = () =>
  z.array(z.number().check(z.int(), z.minimum(0), z.maximum(366))).check(
    z.minLength(1),
    z.refine((list) => new Set(list).size === list.length, 'offsets must be different'),
  );
const httpUrl = () => z.url({ protocol: /^https?$/ });

/** Where Ex Libris' status mails come from (organisational domain of the From address). */
export const EXLIBRIS_MAIL_DOMAINS = ['exlibrisgroup.com'] as const;

const PASSWORD_ROTATION_DEFAULTS = {
  date: '09-01',
  announceOffsetsDays: [30, 7],
  revealDays: 14,
  forcePasswordChange: false,
};

const nonEmpty = () => z.string().check(z.minLength(1));

/** One Alma role as the Users API writes it: `role_type` and `scope` are codes of the institution's code tables. */
export const almaRoleSchema = z.strictObject({
  role_type: nonEmpty(),
  scope: nonEmpty(),
  parameters: z._default(
    z.array(z.strictObject({ type: nonEmpty(), scope: z.optional(nonEmpty()), value: nonEmpty() })),
    [],
  ),
});
export type AlmaRoleConfig = z.infer<typeof almaRoleSchema>;

export const PERMISSION_AREAS = ['acquisitions', 'cataloguing', 'fulfillment', 'inventory'] as const;

/** A role profile: the roles given to someone whose tasks name this permission area. */
export const roleProfileSchema = z.strictObject({
  area: z.enum(PERMISSION_AREAS),
  roles: z.array(almaRoleSchema).check(z.minLength(1)),
});

export const PROVISIONING_MODES = ['off', 'approve', 'auto'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

/** What Alma receives for a new staff user of this institution (README "Alma provisioning"). */
export const almaUserSchema = z.strictObject({
  /**
   * EXTERNAL: the user is managed and synchronised by an external system (a student information
   * system, SIS); Alma then needs `externalId`, and keeps several fields (user group, language…)
   * changed by hand unless a PUT names them in `override`. INTERNAL: managed in Alma.
   */
  accountType: z._default(z.enum(['INTERNAL', 'EXTERNAL']), 'INTERNAL'),
  /** The code of the external system (SIS) that manages EXTERNAL users (Alma error 401854 without it). */
  externalId: z.optional(nonEmpty()),
  /** How the Alma primary id is made from the account: the e-mail address, or its local part. */
  primaryId: z._default(z.enum(['email', 'email-local-part']), 'email'),
  userGroup: nonEmpty(),
  /** Alma's purge date is the expiry date plus this many days. */
  purgeAfterDays: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(3650)), 90),
  roleProfiles: z.record(z.string().check(z.minLength(1)), roleProfileSchema),
  /** The profile for tasks that name no known area. */
  defaultRoleProfile: nonEmpty(),
  /** The `q` of GET /almaws/v1/users that lists this group's users for the drift report (default `user_group~<userGroup>`). */
  staffQuery: z.optional(nonEmpty()),
  /** The brief-search field holding the user group (Alma documents `user_group`). */
  userGroupField: z._default(nonEmpty(), 'user_group'),
});
export type AlmaUserConfig = z.infer<typeof almaUserSchema>;

export const institutionSchema = z.strictObject({
  code: z.string().check(z.regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'expected an upper-case code like LIB-A')),
  name: z.string().check(z.minLength(1)),
  language: z.enum(LANGUAGES),
  /** Library managers who may send requests for this institution. */
  managers: z.array(email()).check(z.minLength(1)),
  /** Senders from these domains may also send requests for this institution. */
  senderDomains: z._default(
    z.array(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain like lib-a.example'))),
    [],
  ),
  almaUrl: z.optional(httpUrl()),
  almaEnvironment: z.optional(z.string().check(z.minLength(1))),
  /** Alma API base, e.g. https://api-eu.hosted.exlibrisgroup.com */
  almaApiBase: z.optional(httpUrl()),
  /** Name of the secret (Secrets Manager / SSM SecureString; locally a key of the data dir's secrets.json) holding the API key. */
  almaApiKeySecret: z.optional(z.string().check(z.minLength(1))),
  /** Creating and updating the institution's Alma users: `approve` (default) waits for the helpdesk's click. */
  almaProvisioning: z.optional(z.enum(PROVISIONING_MODES)),
  almaUser: z.optional(almaUserSchema),
});
export type Institution = z.infer<typeof institutionSchema>;

/** The Ex Libris forms we read (see README, "Status monitor"): every one optional, several per environment. */
export const statusSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** ServiceNow outage table `…/api/now/table/cmdb_ci_outage` (Basic auth, credentials from Ex Libris). */
    kind: z.literal('status-api'),
    url: httpUrl(),
    /** Secret holding `user:password` for the Ex Libris status API (Basic auth). */
    credentialsSecret: z.string().check(z.minLength(1)),
  }),
  z.strictObject({
    /** The older XML interface: `POST https://status.exlibrisgroup.com/?page_id=5511`. */
    kind: z.literal('status-xml'),
    url: z._default(httpUrl(), 'https://status.exlibrisgroup.com/?page_id=5511'),
  }),
  z.strictObject({
    /** The public status page (HTML; a JSON answer is read as the portal's). */
    kind: z.literal('status-page'),
    url: httpUrl(),
  }),
  z.strictObject({
    /** The ServiceNow portal JSON `…/api/now/sp/page?portal_id=…` (`services[]` with `name` and `status`). */
    kind: z.literal('status-portal'),
    url: httpUrl(),
  }),
]);

export type StatusSourceConfig = z.infer<typeof statusSourceSchema>;

export const environmentSchema = z.pipe(
  z
    .strictObject({
      /** As Ex Libris names it, e.g. "Alma EU02 - Production". */
      name: z.string().check(z.minLength(1)),
      /** One source (the older form of `sources`). */
      source: z.optional(statusSourceSchema),
      /** Several sources: the first readable one decides, disagreement is shown. */
      sources: z.optional(z.array(statusSourceSchema).check(z.minLength(1))),
    })
    .check(
      z.refine((e) => Boolean(e.source) !== Boolean(e.sources), 'give either source or sources'),
      z.refine(
        (e) => new Set((e.sources ?? []).map((s) => s.kind)).size === (e.sources ?? []).length,
        'one source of each kind per environment',
      ),
    ),
  z.transform((e) => ({ name: e.name, sources: e.sources ?? [e.source!] })),
);
export type MonitoredEnvironment = z.infer<typeof environmentSchema>;

export const configSchema = z.strictObject({
  /** The request mailbox (SES inbound) and the From of every message the suite sends. */
  mailbox: email(),
  /** The human helpdesk: gets forwarded mail, copies of accepted requests, deactivation lists. */
  helpdesk: email(),
  trainingCoordinators: z._default(z.array(email()), []),
  alerts: z._default(
    z.strictObject({
      /** Who is told when Alma is down, degraded or back. */
      recipients: z._default(z.array(email()), []),
      /** Who is told when the checker itself cannot read a source. */
      operators: z._default(z.array(email()), []),
      language: z._default(z.enum(LANGUAGES), 'en'),
    }),
    { recipients: [], operators: [], language: 'en' },
  ),
  institutions: z.array(institutionSchema).check(
    z.minLength(1),
    z.refine(
      (list) => new Set(list.map((i) => i.code)).size === list.length,
      'institution codes must be unique',
    ),
  ),
  notices: z._default(
    z.strictObject({
      expiryOffsetsDays: z._default(offsets(), [30, 7]),
      /** An account shows as "expiring" this many days before its end. */
      expiringWindowDays: z._default(z.number().check(z.int(), z.minimum(0)), 30),
      /** Transient bounces (mailbox full, …) of one address acted upon like a permanent one at this count. */
      transientBounceLimit: z._default(z.number().check(z.int(), z.minimum(1)), 3),
      yearlyReview: z._default(
        z.strictObject({
          start: z._default(monthDay(), '11-15'),
          reminder: z._default(monthDay(), '12-10'),
          /** What happens on 31 December to accounts nobody decided on. */
          undecided: z._default(z.enum(['expire', 'renew']), 'expire'),
        }),
        { start: '11-15', reminder: '12-10', undecided: 'expire' },
      ),
      passwordRotation: z._default(
        z.strictObject({
          date: z._default(monthDay(), '09-01'),
          announceOffsetsDays: z._default(offsets(), [30, 7]),
          /** Days a reveal link works; an unrevealed password is erased then (issue 30). */
          revealDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60)), 14),
          /**
           * Alma's `force_password_change` on the new password. Off by default: on a shared account
           * the first colleague to sign in would change it for everyone else.
           */
          forcePasswordChange: z._default(z.boolean(), false),
        }),
        { ...PASSWORD_ROTATION_DEFAULTS },
      ),
    }),
    {
      expiryOffsetsDays: [30, 7],
      expiringWindowDays: 30,
      transientBounceLimit: 3,
      yearlyReview: { start: '11-15', reminder: '12-10', undecided: 'expire' },
      passwordRotation: { ...PASSWORD_ROTATION_DEFAULTS },
    },
  ),
  /** Requests that wait for missing fields (issue 15): one reminder, then closed as abandoned. */
  requests: z._default(
    z.strictObject({
      /** Days without an answer after which the requester is reminded once. */
      remindAfterDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(365)), 7),
      /** Days without an answer after which the request is closed (more than remindAfterDays). */
      abandonAfterDays: z._default(z.number().check(z.int(), z.minimum(2), z.maximum(366)), 30),
    }),
    { remindAfterDays: 7, abandonAfterDays: 30 },
  ),
  /** Calls to Alma's Users API (every institution's gateway). */
  alma: z._default(
    z.strictObject({
      /** Operators are alerted once a day when X-Exl-Api-Remaining falls below this. */
      quotaFloor: z._default(z.number().check(z.int(), z.minimum(0)), 5000),
      timeoutMs: z._default(z.number().check(z.int(), z.minimum(100), z.maximum(60_000)), 10_000),
      /** Retries of a call answered 429 PER_SECOND_THRESHOLD, 5xx, or not at all. */
      retries: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10)), 4),
      /** Alma's per-institution threshold (25 calls a second). */
      callsPerSecond: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(25)), 25),
      /** The shared-account passwords the yearly rotation draws (Alma itself wants 8 characters or more). */
      passwordPolicy: z._default(
        z.strictObject({
          length: z._default(z.number().check(z.int(), z.minimum(8), z.maximum(64)), 16),
          lower: z._default(z.boolean(), true),
          upper: z._default(z.boolean(), true),
          digits: z._default(z.boolean(), true),
          symbols: z._default(z.boolean(), true),
        }),
        { ...DEFAULT_PASSWORD_POLICY },
      ),
    }),
    {
      quotaFloor: 5000,
      timeoutMs: 10_000,
      retries: 4,
      callsPerSecond: 25,
      passwordPolicy: { ...DEFAULT_PASSWORD_POLICY },
    },
  ),
  /** The portal (/portal): who besides the institutions' managers may sign in. */
  portal: z._default(
    z.strictObject({
      /** Helpdesk staff: every institution, the pending Alma approvals. */
      helpdeskStaff: z._default(z.array(email()), []),
    }),
    { helpdeskStaff: [] },
  ),
  /** Public base URL of the decision pages (function URL in AWS, local runtime locally). */
  decisionBaseUrl: z._default(httpUrl(), 'http://127.0.0.1:8788'),
  monitor: z._default(
    z.strictObject({
      environments: z._default(z.array(environmentSchema), []),
      failuresBeforeAlert: z._default(z.number().check(z.int(), z.minimum(1)), 2),
      successesBeforeRecovery: z._default(z.number().check(z.int(), z.minimum(1)), 2),
      reminderEveryMinutes: z._default(z.number().check(z.int(), z.minimum(5)), 120),
      timeoutMs: z._default(z.number().check(z.int(), z.minimum(100), z.maximum(60_000)), 5000),
      statusPageUrl: z._default(httpUrl(), 'https://status.exlibrisgroup.com'),
      /** Ex Libris' own status mails (subscribed on its status page, received by the mailbox). */
      exlibrisMail: z._default(
        z.strictObject({
          /** From these organisational domains, with DMARC passing, a mail goes to the monitor; [] turns it off. */
          senderDomains: z._default(
            z.array(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain'))),
            [...EXLIBRIS_MAIL_DOMAINS],
          ),
          /** Tell the managers of the institutions on the environment, once per window, in their language. */
          notifyManagers: z._default(z.boolean(), true),
          /** A mailed window without an announced end quiets probe alerts this long after it began (or after the latest mail about it). */
          openEndedHours: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(72)), 6),
          /** No mailed window quiets probe alerts longer than this from its start; a later announced end is clamped to it. */
          maxWindowHours: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(720)), 72),
        }),
        {
          senderDomains: [...EXLIBRIS_MAIL_DOMAINS],
          notifyManagers: true,
          openEndedHours: 6,
          maxWindowHours: 72,
        },
      ),
      /** The status page (`/status` of the decision-page function, `alma-accounts status --html`). */
      statusPage: z._default(
        z.strictObject({
          /** `public`: anyone with the address; `signed`: only with a link signed by the decision-link key. */
          access: z._default(z.enum(['public', 'signed']), 'signed'),
          /** Days a signed status link stays valid. */
          linkDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3660)), 366),
          /** Heading of the page, e.g. the network's name. */
          title: z._default(z.string().check(z.minLength(1)), 'Alma'),
        }),
        { access: 'signed', linkDays: 366, title: 'Alma' },
      ),
      /** The weekly summary to alerts.recipients (opt-in). */
      weeklySummary: z._default(z.boolean(), false),
    }),
    {
      environments: [],
      failuresBeforeAlert: 2,
      successesBeforeRecovery: 2,
      reminderEveryMinutes: 120,
      timeoutMs: 5000,
      statusPageUrl: 'https://status.exlibrisgroup.com',
      exlibrisMail: {
        senderDomains: [...EXLIBRIS_MAIL_DOMAINS],
        notifyManagers: true,
        openEndedHours: 6,
        maxWindowHours: 72,
      },
      statusPage: { access: 'signed', linkDays: 366, title: 'Alma' },
      weeklySummary: false,
    },
  ),
  limits: z._default(
    z.strictObject({
      maxMailBytes: z._default(z.number().check(z.int(), z.minimum(1024)), 10 * 1024 * 1024),
      /**
       * A mail with more lines, or more MIME parts, is refused before it is parsed (memory and time
       * bounds). 200,000 lets through a 10 MiB mail of base64 (76 characters a line: ~140,000).
       */
      maxMailLines: z._default(z.number().check(z.int(), z.minimum(100)), 200_000),
      maxMimeParts: z._default(z.number().check(z.int(), z.minimum(2)), 100),
      /**
       * Lines of parts not base64 or quoted-printable encoded: the parser keeps them one by one
       * (~2 KB each). 50,000 is 4.5 MB of 92-character lines, in under 256 MiB (bench ingest-cost).
       */
      maxTextLines: z._default(z.number().check(z.int(), z.minimum(100)), 50_000),
      /** End dates further ahead are fields to correct (31/12/9999 means "no end" in HR systems). */
      endDateHorizonYears: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 5),
    }),
    {
      maxMailBytes: 10 * 1024 * 1024,
      maxMailLines: 200_000,
      maxMimeParts: 100,
      maxTextLines: 50_000,
      endDateHorizonYears: 5,
    },
  ),
  retention: z._default(
    z.strictObject({
      rawMailDays: z._default(z.number().check(z.int(), z.minimum(1)), 30),
      closedAccountPurgeDays: z._default(z.number().check(z.int(), z.minimum(1)), 365),
      monitorHistoryDays: z._default(z.number().check(z.int(), z.minimum(1)), 90),
    }),
    { rawMailDays: 30, closedAccountPurgeDays: 365, monitorHistoryDays: 90 },
  ),
});

export type Config = z.infer<typeof configSchema>;

/** Provisioning needs the API, its key and the user settings; the settings must be consistent. */
function almaProblems(inst: Institution, index: number): string[] {
  const at = `institutions.${index}`;
  const problems: string[] = [];
  const wanted = inst.almaProvisioning === 'approve' || inst.almaProvisioning === 'auto';
  if (wanted && !inst.almaApiBase) problems.push(`${at}.almaApiBase: required when almaProvisioning is on`);
  // With an almaEnvironment the monitor's own check already says so.
  if ((wanted || inst.almaUser) && inst.almaApiBase && !inst.almaApiKeySecret && !inst.almaEnvironment)
    problems.push(`${at}.almaApiKeySecret: required when almaApiBase is set`);
  if (wanted && !inst.almaUser) problems.push(`${at}.almaUser: required when almaProvisioning is on`);
  const user = inst.almaUser;
  if (user) {
    if (!user.roleProfiles[user.defaultRoleProfile])
      problems.push(`${at}.almaUser.defaultRoleProfile: "${user.defaultRoleProfile}" is not in roleProfiles`);
    if (user.accountType === 'EXTERNAL' && !user.externalId)
      problems.push(`${at}.almaUser.externalId: required for EXTERNAL accounts`);
    // Each role must fit its type in Alma's UserRoleTypes (parameters, area): see role-types.ts.
    for (const [name, profile] of Object.entries(user.roleProfiles))
      profile.roles.forEach((role, r) => {
        for (const problem of roleTypeProblems(role, profile.area))
          problems.push(`${at}.almaUser.roleProfiles.${name}.roles.${r}: ${problem}`);
      });
  }
  return problems;
}

/**
 * A sender must belong to one institution only: a manager listed twice, or a sender domain of two
 * institutions (or a subdomain of another's), would let requests land in the first one silently.
 */
function senderProblems(institutions: readonly Institution[]): string[] {
  const problems: string[] = [];
  const managers = new Map<string, number>();
  institutions.forEach((inst, index) => {
    for (const manager of inst.managers) {
      const first = managers.get(manager);
      if (first === undefined) managers.set(manager, index);
      else if (first !== index)
        problems.push(
          `institutions.${index}.managers: ${manager} is already a manager of ${institutions[first]!.code}`,
        );
      else problems.push(`institutions.${index}.managers: ${manager} is listed twice`);
    }
  });
  const domains: { domain: string; index: number }[] = [];
  institutions.forEach((inst, index) => {
    for (const raw of inst.senderDomains) {
      const domain = raw.toLowerCase();
      const clash = domains.find(
        (d) => d.domain === domain || d.domain.endsWith(`.${domain}`) || domain.endsWith(`.${d.domain}`),
      );
      if (clash)
        problems.push(
          clash.index === index
            ? `institutions.${index}.senderDomains: ${domain} overlaps ${clash.domain} of the same institution`
            : `institutions.${index}.senderDomains: ${domain} overlaps ${clash.domain} of ${institutions[clash.index]!.code}`,
        );
      domains.push({ domain, index });
    }
  });
  return problems;
}

/** Every problem of a candidate config, as `path: message` lines; empty when it is valid. */
export function configProblems(input: unknown): { config?: Config; problems: string[] } {
  const result = configSchema.safeParse(input);
  if (result.success) {
    const problems: string[] = [];
    result.data.institutions.forEach((inst, index) => {
      if (inst.almaEnvironment && inst.almaApiBase && !inst.almaApiKeySecret) {
        problems.push(`institutions.${index}.almaApiKeySecret: required when almaApiBase is set`);
      }
    });
    result.data.institutions.forEach((inst, index) => {
      problems.push(...almaProblems(inst, index));
    });
    problems.push(...senderProblems(result.data.institutions));
    const { remindAfterDays, abandonAfterDays } = result.data.requests;
    if (abandonAfterDays <= remindAfterDays)
      problems.push(
        `requests.abandonAfterDays: must be more than requests.remindAfterDays (${remindAfterDays}), or the reminder never goes out`,
      );
    const environments = new Set(result.data.monitor.environments.map((e) => e.name));
    result.data.institutions.forEach((inst, index) => {
      if (inst.almaEnvironment && environments.size > 0 && !environments.has(inst.almaEnvironment)) {
        problems.push(
          `institutions.${index}.almaEnvironment: "${inst.almaEnvironment}" is not in monitor.environments`,
        );
      }
    });
    return problems.length ? { problems } : { config: result.data, problems };
  }
  return {
    problems: result.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
    ),
  };
}
