import type { Language } from '../../config/schema';
import { type CalendarDate, formatBelgian } from '../calendar';
import { labelled } from '../plain-text';
import type { AlmaMessage } from './helpdesk-mails';

/**
 * The mails of the yearly password rotation (issue 30), FR/NL/EN, plain text. None of them ever
 * holds a password: the managers get a link that reveals it once.
 */

export interface RevealMailInput {
  institutionName: string;
  accountName: string;
  accountEmail: string;
  primaryId: string;
  rotationDate: CalendarDate;
  revealUrl: string;
  /** The last day the link works (Brussels). */
  revealUntil: CalendarDate;
  forcePasswordChange: boolean;
}

/** To each manager of the institution, in the institution's language. */
export function revealMessage(language: Language, input: RevealMailInput): AlmaMessage {
  const until = formatBelgian(input.revealUntil);
  const date = formatBelgian(input.rotationDate);
  const t = {
    fr: {
      subject: `Alma – ${input.institutionName} : nouveau mot de passe du compte partagé ${input.accountName}`,
      intro: `Comme annoncé, le mot de passe du compte Alma partagé ci-dessous a été changé le ${date}. L'ancien ne fonctionne plus.`,
      how: `Le nouveau mot de passe ne figure pas dans ce message. Ouvrez le lien ci-dessous et cliquez sur « Afficher le mot de passe » : il s'affiche une seule fois, puis il est effacé de nos systèmes. Notez-le dans le coffre-fort de mots de passe de votre service et communiquez-le aux collègues qui utilisent ce compte.`,
      until: `Le lien fonctionne jusqu'au ${until} inclus ; après, le mot de passe est effacé et le helpdesk devra en fixer un nouveau.`,
      force: 'Alma demandera de choisir un nouveau mot de passe à la première connexion.',
      account: 'Compte',
      user: 'Utilisateur Alma',
      link: 'Afficher le mot de passe (une seule fois)',
      other:
        "Chaque responsable de l'institution reçoit son propre lien ; le premier qui l'ouvre voit le mot de passe, les autres voient qui l'a affiché et quand.",
    },
    nl: {
      subject: `Alma – ${input.institutionName}: nieuw wachtwoord van de gedeelde account ${input.accountName}`,
      intro: `Zoals aangekondigd is het wachtwoord van de gedeelde Alma-account hieronder gewijzigd op ${date}. Het oude werkt niet meer.`,
      how: `Het nieuwe wachtwoord staat niet in dit bericht. Open de link hieronder en klik op "Wachtwoord tonen": het wordt één keer getoond en daarna uit onze systemen gewist. Bewaar het in de wachtwoordkluis van uw dienst en bezorg het aan de collega's die deze account gebruiken.`,
      until: `De link werkt tot en met ${until}; daarna wordt het wachtwoord gewist en moet de helpdesk een nieuw instellen.`,
      force: 'Alma vraagt bij de eerste aanmelding een nieuw wachtwoord te kiezen.',
      account: 'Account',
      user: 'Alma-gebruiker',
      link: 'Wachtwoord tonen (één keer)',
      other:
        'Elke verantwoordelijke van de instelling krijgt een eigen link; wie hem eerst opent, ziet het wachtwoord, de anderen zien wie het wanneer getoond heeft.',
    },
    en: {
      subject: `Alma – ${input.institutionName}: new password of the shared account ${input.accountName}`,
      intro: `As announced, the password of the shared Alma account below was changed on ${date}. The old one no longer works.`,
      how: `The new password is not in this message. Open the link below and click "Show the password": it is shown once, then erased from our systems. Keep it in your team's password safe and give it to the colleagues who use this account.`,
      until: `The link works until ${until} included; after that the password is erased and the helpdesk has to set a new one.`,
      force: 'Alma will ask for a new password at the first sign-in.',
      account: 'Account',
      user: 'Alma user',
      link: 'Show the password (once)',
      other:
        'Each manager of the institution gets their own link; whoever opens it first sees the password, the others see who showed it and when.',
    },
  }[language];
  const text = [
    t.intro,
    '',
    labelled(language, t.account, `${input.accountName} <${input.accountEmail}>`),
    labelled(language, t.user, input.primaryId),
    '',
    t.how,
    ...(input.forcePasswordChange ? ['', t.force] : []),
    '',
    labelled(language, t.link, input.revealUrl),
    '',
    t.until,
    '',
    t.other,
  ].join('\n');
  return { subject: t.subject, text: `${text}\n` };
}

export interface RotationListLine {
  accountName: string;
  accountEmail: string;
  institutionName: string;
}

const lines = (items: RotationListLine[]) =>
  items.map((l) => `- ${l.accountName} <${l.accountEmail}> – ${l.institutionName}`).join('\n');

/** To the helpdesk: the rotations of `approve` institutions wait for its confirmation. */
export function rotationApprovalMessage(
  language: Language,
  input: { rotationDate: CalendarDate; items: RotationListLine[]; approvalUrl: string; command: string },
): AlmaMessage {
  const date = formatBelgian(input.rotationDate);
  const n = input.items.length;
  const t = {
    fr: {
      subject: `Mots de passe des comptes partagés : ${n} à confirmer (rotation du ${date})`,
      intro: `Ces comptes Alma partagés reçoivent un nouveau mot de passe dès que vous confirmez la liste de leur institution ; rien n'est changé dans Alma avant :`,
      page: 'Pour confirmer la liste (une page, un bouton)',
      how: 'Ou en ligne de commande (par institution)',
    },
    nl: {
      subject: `Wachtwoorden van gedeelde accounts: ${n} te bevestigen (rotatie van ${date})`,
      intro:
        'Deze gedeelde Alma-accounts krijgen een nieuw wachtwoord zodra u de lijst van hun instelling bevestigt; tot dan verandert er niets in Alma:',
      page: 'Lijst bevestigen (één pagina, één knop)',
      how: 'Of via de opdrachtregel (per instelling)',
    },
    en: {
      subject: `Shared-account passwords: ${n} to confirm (rotation of ${date})`,
      intro:
        "These shared Alma accounts get a new password as soon as you confirm their institution's list; nothing changes in Alma before:",
      page: 'To confirm the list (one page, one button)',
      how: 'Or from the command line (per institution)',
    },
  }[language];
  return {
    subject: t.subject,
    text: `${t.intro}\n\n${lines(input.items)}\n\n${labelled(language, t.page, input.approvalUrl)}\n${labelled(language, t.how, input.command)}\n`,
  };
}

/** To the helpdesk, once a day at most: passwords erased unrevealed (the managers never opened their link). */
export function rotationExpiredMessage(
  language: Language,
  input: { items: RotationListLine[]; revealDays: number },
): AlmaMessage {
  const n = input.items.length;
  const t = {
    fr: {
      subject: `Mots de passe non consultés : ${n} ${n === 1 ? 'compte partagé' : 'comptes partagés'}`,
      intro: `Personne n'a affiché le nouveau mot de passe de ces comptes Alma partagés dans les ${input.revealDays} jours ; il a été effacé de nos systèmes (Alma le garde). Fixez-en un nouveau dans Alma et prenez contact avec les responsables :`,
    },
    nl: {
      subject: `Niet bekeken wachtwoorden: ${n} ${n === 1 ? 'gedeelde account' : 'gedeelde accounts'}`,
      intro: `Niemand heeft het nieuwe wachtwoord van deze gedeelde Alma-accounts binnen ${input.revealDays} dagen bekeken; het is uit onze systemen gewist (Alma houdt het). Stel in Alma een nieuw in en neem contact op met de verantwoordelijken:`,
    },
    en: {
      subject: `Passwords not revealed: ${n} shared ${n === 1 ? 'account' : 'accounts'}`,
      intro: `Nobody showed the new password of these shared Alma accounts within ${input.revealDays} days; it was erased from our systems (Alma keeps it). Set a new one in Alma and contact the managers:`,
    },
  }[language];
  return { subject: t.subject, text: `${t.intro}\n\n${lines(input.items)}\n` };
}
