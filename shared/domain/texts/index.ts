import type { Language } from '../language';
import { EMPLOYEE_TYPE_TEXTS } from './account-texts';
import { ALERT_TEXTS } from './alert-texts';
import { ALMA_TEXTS } from './alma-texts';
import { DECISION_PAGE_TEXTS } from './decision-page-texts';
import { FEEDBACK_TEXTS } from './feedback-texts';
import { NAME_CORRECTION_TEXTS } from './name-correction-texts';
import { NOTICE_TEXTS } from './notice-texts';
import { PASSWORD_TEXTS } from './password-texts';
import { RATING_TEXTS } from './rating-texts';
import { REQUEST_TEXTS } from './request-texts';
import { STATUS_PAGE_TEXTS } from './status-page-texts';

/**
 * The whole text catalogue, one surface per module and one shape (`Record<Language, …>`): the
 * compiler refuses a language left out; test/unit/texts/catalogue.test.ts checks none is empty.
 * Code imports the surface it needs, not this index.
 */
export const TEXT_CATALOGUE = {
  employeeTypes: EMPLOYEE_TYPE_TEXTS,
  requests: REQUEST_TEXTS,
  notices: NOTICE_TEXTS,
  alerts: ALERT_TEXTS,
  alma: ALMA_TEXTS,
  decisionPage: DECISION_PAGE_TEXTS,
  statusPage: STATUS_PAGE_TEXTS,
  feedback: FEEDBACK_TEXTS,
  nameCorrection: NAME_CORRECTION_TEXTS,
  passwords: PASSWORD_TEXTS,
  ratings: RATING_TEXTS,
} satisfies Record<string, Record<Language, unknown>>;
