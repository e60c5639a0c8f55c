import { describe, expect, it } from 'vitest';
import { requestPart } from '../../../shared/domain/mail';

describe('requestPart', () => {
  it('drops quoted lines and the attribution of a French reply', () => {
    const text =
      'Date de fin : 30/06/2027\n\nLe lun. 11 janv. 2027 à 10:00, Helpdesk <h@x.example> a écrit :\n> Nom : Ancien\n> Statut :';
    expect(requestPart(text)).toBe('Date de fin : 30/06/2027');
  });

  it('drops a two-line Gmail attribution and what it quotes', () => {
    const text =
      'Supervisor: a@x.example\n\nOn Mon, Jan 11, 2027 at 10:00 AM Helpdesk <\nh@x.example> wrote:\n\n> Supervisor:';
    expect(requestPart(text)).toBe('Supervisor: a@x.example');
  });

  it('drops a Dutch "Op … schreef" block', () => {
    const text = 'Taken: balie\n\nOp ma 11 jan. 2027 om 09:12 schreef Helpdesk <h@x.example>:\n> Taken:';
    expect(requestPart(text)).toBe('Taken: balie');
  });

  it('keeps inline answers written between quoted lines', () => {
    const text =
      'Voici :\n\nOn Mon, Jan 11, 2027, Helpdesk <h@x.example> wrote:\n> Name:\nName: Jean Dupont\n> Tasks:\nTasks: loans';
    expect(requestPart(text)).toBe('Voici :\n\nName: Jean Dupont\nTasks: loans');
  });

  it('cuts an unquoted Outlook reply at its header block', () => {
    const text =
      'Date de départ : 28/02/2027\n\n________________________________\nDe : Helpdesk <h@x.example>\nEnvoyé : lundi\nÀ : Anne\nObjet : x\n\nE-mail : old@x.example';
    expect(requestPart(text)).toBe('Date de départ : 28/02/2027');
  });

  it('cuts "-----Original Message-----" in a reply but keeps it in a forward', () => {
    const text =
      'Tasks: loans\n\n-----Original Message-----\nFrom: Emily <e@x.example>\nSent: Friday\nSubject: details\n\nName: Emily Clark';
    expect(requestPart(text, { subject: 'RE: account' })).toBe('Tasks: loans');
    expect(requestPart(text, { subject: 'FW: account' })).toBe('Tasks: loans\n\nName: Emily Clark');
  });

  it.each([
    '---------- Forwarded message ---------',
    '-------- Message transféré --------',
    'Begin forwarded message:',
    '---------- Doorgestuurd bericht ----------',
    'Début du message réexpédié :',
  ])('keeps the content forwarded under "%s" without its header lines', (marker) => {
    const text = `Responsable : a@x.example\n\n${marker}\nDe : Emma <e@x.example>\nDate : ven.\nObjet : infos\nÀ : Anne <a@x.example>\n\nNom : Emma Leroy\n> cité\n\n--\nEmma`;
    expect(requestPart(text)).toBe('Responsable : a@x.example\n\nNom : Emma Leroy');
  });

  it.each([
    '-- ',
    '--',
    'Envoyé de mon iPhone',
    'Verzonden vanaf mijn iPhone',
    'Verstuurd vanaf mijn Samsung Galaxy',
    'Sent from my iPad',
    'Envoyé depuis mon appareil Android',
    'Get Outlook for iOS',
  ])('drops the signature starting at "%s"', (line) => {
    expect(requestPart(`Nom : Jean\n${line}\nE-mail : sign@x.example`)).toBe('Nom : Jean');
  });

  it('keeps a text without quotes as it is (trimmed)', () => {
    expect(requestPart('\n Nom : Jean\n\n\n\nStatut : vast \n')).toBe('Nom : Jean\n\nStatut : vast');
  });
});
