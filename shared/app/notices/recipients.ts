import type { Config, Institution } from '../../config/schema';
import type { Language } from '../../domain/language';

/** What the notices need of an institution (a code no longer in the config still gets a sensible view). */
export interface InstitutionView {
  code: string;
  name: string;
  language: Language;
  managers: string[];
}

export function institutionOf(config: Config, code: string): InstitutionView {
  const found: Institution | undefined = config.institutions.find((i) => i.code === code);
  return found
    ? { code, name: found.name, language: found.language, managers: found.managers }
    : { code, name: code, language: config.alerts.language, managers: [] };
}

/** The helpdesk reads its lists in the alert language (the config has no separate helpdesk language). */
export function helpdeskLanguage(config: Config): Language {
  return config.alerts.language;
}

/** The decision page address of a signed link token. */
export function decisionUrl(config: Config, token: string): string {
  return `${config.decisionBaseUrl.replace(/\/+$/, '')}/decision?t=${token}`;
}

/** An account's page in the portal (the manager signs in first when no session is open). */
export function portalAccountUrl(config: Config, accountId: string): string {
  return `${config.decisionBaseUrl.replace(/\/+$/, '')}/portal/accounts/${encodeURIComponent(accountId)}`;
}

/** Distinct lower-cased addresses, empty entries dropped. */
export function uniqueAddresses(list: (string | null | undefined)[]): string[] {
  return [...new Set(list.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];
}
