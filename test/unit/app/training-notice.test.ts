import { describe, expect, it } from 'vitest';
import { acceptanceAnswers } from '../../../shared/app/inbound/inbound-answers';
import type { Account } from '../../../shared/domain/account';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { testConfig } from '../../support/context';

const account: Account = {
  id: 'ACC-01J0000000000000000000000',
  institution: 'LIB-A',
  accountType: 'personal',
  employeeType: 'temporary',
  fullName: 'Élodie Lefèvre',
  email: 'elodie.lefevre@lib-a.example',
  supervisorEmail: 'anne.dubois@lib-a.example',
  tasks: 'catalogage des périodiques',
  missionEndDate: '2027-06-30' as CalendarDate,
  endDate: '2027-07-30' as CalendarDate,
  deactivationDate: null,
  status: 'active',
  trainingRecommended: true,
  createdAt: '2027-03-10T09:00:00.000Z',
  updatedAt: '2027-03-10T09:00:00.000Z',
  version: 1,
};

describe('the training notice', () => {
  it("speaks the request's language (the cc'd manager's), not the helpdesk's alert language", () => {
    // Prepare: a French request, a helpdesk that reads English.
    const config = testConfig({
      alerts: { recipients: ['alerts@helpdesk.example.org'], operators: [], language: 'en' },
      trainingCoordinators: ['training@helpdesk.example.org'],
    });
    // Act
    const answers = acceptanceAnswers({
      config,
      kind: 'new-personal',
      reference: 'REQ-2027-7K3M9QXT',
      institution: 'Library A',
      to: ['anne.dubois@lib-a.example'],
      cc: [],
      language: 'fr',
      account,
      understood: {},
      headers: {},
      alma: {},
    });
    // Assess: the notice is French; the helpdesk copy stays in the helpdesk's language.
    const training = answers.find((a) => a.id === 'training');
    expect(training?.mail.subject).toContain('Formation de base recommandée');
    expect(training?.mail.text).toMatch(/^Bonjour,/);
    expect(answers.find((a) => a.id === 'helpdesk-copy')?.mail.subject).toContain('To do in Alma');
  });
});
