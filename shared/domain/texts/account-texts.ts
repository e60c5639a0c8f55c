import type { EmployeeType } from '../account';
import type { Language } from '../language';

/** The employee types as every mail and page names them (the mail reader recognises these words too). */
export const EMPLOYEE_TYPE_TEXTS: Record<Language, Record<EmployeeType, string>> = {
  fr: {
    permanent: 'permanent',
    temporary: 'temporaire',
    student: 'jobiste',
    intern: 'stagiaire',
    volunteer: 'bénévole',
  },
  nl: {
    permanent: 'vast',
    temporary: 'tijdelijk',
    student: 'jobstudent',
    intern: 'stagiair',
    volunteer: 'vrijwilliger',
  },
  en: {
    permanent: 'permanent',
    temporary: 'temporary',
    student: 'student job',
    intern: 'intern',
    volunteer: 'volunteer',
  },
};
