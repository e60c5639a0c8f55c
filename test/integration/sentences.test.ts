import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../support/cli';

/** Requests written as sentences (test/fixtures/corpus/sentences) through `alma-accounts ingest --json`. */
const dir = new URL('../fixtures/corpus/sentences/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  now: string;
  mailbox: string;
  cases: { file: string; expect: Record<string, unknown> }[];
  institutions: unknown[];
};

describe('the sentence corpus through `alma-accounts ingest --json`', () => {
  it('gives every expected result, and each answer lists what was understood', async () => {
    const ws = await cliWorkspace({
      mailbox: corpus.mailbox,
      helpdesk: 'helpdesk@helpdesk.example.org',
      trainingCoordinators: ['training@helpdesk.example.org'],
      institutions: corpus.institutions,
    });
    const files = corpus.cases.map((c) => new URL(c.file, dir).pathname);
    const run = await ws.cli('ingest', ...files, '--json', '--now', corpus.now);
    expect(run.code, run.err.join('\n')).toBe(0);
    const results = run.out.map((line) => JSON.parse(line));
    for (const [i, c] of corpus.cases.entries()) expect(results[i], c.file).toMatchObject(c.expect);

    const outbox = (await ws.cli('outbox', '--json')).out.map(
      (line) => JSON.parse(line) as { to: string[]; subject: string; text: string },
    );
    // s1, accepted: the confirmation to the manager lists the mission end and the tasks as read.
    const s1 = outbox.find(
      (m) => m.subject.includes(results[0].reference) && m.to.includes('anne.dubois@lib-a.example'),
    )!;
    expect(s1.text).toContain('Prénom et nom : Thomas Leroy\nPrénom : Thomas\nNom de famille : Leroy');
    expect(s1.text).toContain('Date de fin de mission : 15/05/2027');
    expect(s1.text).toContain('Tâches : du rangement et du prêt au comptoir');
    expect(s1.text).toContain('Fin du compte : 15/06/2027');
    // s4, needs-info: asks for the supervisor and lists everything understood.
    const s4 = outbox.find(
      (m) => m.subject.includes(results[3].reference) && m.to.includes('anne.dubois@lib-a.example'),
    )!;
    expect(s4.text).toContain('Employé permanent de référence : manquant');
    expect(s4.text).toContain(
      [
        'Voici ce que nous avons compris de votre demande :',
        'Type de compte : personnel',
        'Prénom et nom : Julie Renard',
        'Adresse e-mail : julie.renard@mail.example',
        'Statut : bénévole',
        'Tâches : pour le prêt',
      ].join('\n'),
    );

    // The manager corrects a value and gives the missing one in a reply: the request completes.
    const reply = join(ws.dataDir, 's4-reply.eml');
    writeFileSync(
      reply,
      [
        'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@lib-a.example; dkim=pass header.i=@lib-a.example; dmarc=pass header.from=lib-a.example;',
        'X-SES-Spam-Verdict: PASS',
        'X-SES-Virus-Verdict: PASS',
        'From: Anne Dubois <anne.dubois@lib-a.example>',
        `To: ${corpus.mailbox}`,
        `Subject: Re: ${s4.subject}`,
        'Message-ID: <s4-reply@lib-a.example>',
        'In-Reply-To: <s4-sentences@lib-a.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Tâches : prêt et retours le mercredi',
        'Responsable : anne.dubois@lib-a.example',
        '',
        ...s4.text.split('\n').map((line) => `> ${line}`),
      ].join('\r\n'),
    );
    const completed = await ws.cli('ingest', reply, '--json', '--now', corpus.now);
    expect(JSON.parse(completed.out[0]!)).toMatchObject({
      outcome: 'accepted',
      kind: 'new-personal',
      reference: results[3].reference,
      account: {
        fullName: 'Julie Renard',
        email: 'julie.renard@mail.example',
        employeeType: 'volunteer',
        supervisorEmail: 'anne.dubois@lib-a.example',
        endDate: '2027-12-31',
      },
    });
  });
});
