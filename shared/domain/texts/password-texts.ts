import type { Language } from '../language';

/**
 * The texts of the shared-account password rotation (issue 30): the reveal page, the helpdesk's
 * approval page, and the reveal-link, approval-list and expired-list mails. None of them ever
 * holds a password.
 */
export interface PasswordTexts {
  revealPage: {
    title: string;
    account: string;
    explain: string;
    button: string;
    shown: string;
    keep: string;
    revealed: (when: string, by: string) => string;
    expired: string;
    notYet: string;
    signIn: string;
    portal: string;
    otherPerson: string;
  };
  approvalPage: {
    title: string;
    intro: (date: string) => string;
    head: [string, string, string];
    button: string;
    done: (n: number) => string;
    changed: string;
    none: string;
  };
  revealMail: {
    subject: (institution: string, account: string) => string;
    intro: (date: string) => string;
    how: string;
    until: (until: string) => string;
    force: string;
    account: string;
    user: string;
    link: string;
    other: string;
  };
  approvalMail: {
    subject: (n: number, date: string) => string;
    intro: string;
    page: string;
    how: string;
  };
  expiredMail: {
    subject: (n: number) => string;
    intro: (revealDays: number) => string;
  };
}

export const PASSWORD_TEXTS: Record<Language, PasswordTexts> = {
  fr: {
    revealPage: {
      title: 'Nouveau mot de passe du compte partagé',
      account: 'Compte',
      explain:
        "Le mot de passe ne s'affiche qu'une seule fois : après, il est effacé de nos systèmes. Préparez le coffre-fort de mots de passe de votre service avant de cliquer.",
      button: 'Afficher le mot de passe',
      shown: 'Le nouveau mot de passe :',
      keep: "Notez-le maintenant : cette page ne l'affichera plus, et le lien non plus.",
      revealed: (when, by) =>
        `Ce mot de passe a déjà été affiché le ${when} par ${by}. Adressez-vous à cette personne.`,
      expired:
        "Ce lien a expiré : le mot de passe n'a pas été affiché à temps et a été effacé. Le helpdesk en fixera un nouveau.",
      notYet: "Le nouveau mot de passe n'est pas encore défini dans Alma. Réessayez plus tard.",
      signIn:
        'Pour afficher le mot de passe, connectez-vous d’abord au portail avec votre adresse de gestionnaire : la connexion vous ramène à cette page.',
      portal: 'Se connecter au portail',
      otherPerson:
        'Ce lien a été envoyé à un autre gestionnaire : il n’affiche le mot de passe qu’à cette personne, connectée au portail. Utilisez le lien reçu vous-même, ou déconnectez-vous du portail.',
    },
    approvalPage: {
      title: 'Rotation des mots de passe des comptes partagés',
      intro: (date) =>
        `Rotation du ${date}. En confirmant, chacun de ces comptes Alma reçoit un nouveau mot de passe lors du prochain passage quotidien (7 h 30), et chaque responsable de l'institution reçoit un lien pour l'afficher une fois. Rien n'est changé dans Alma avant.`,
      head: ['Compte', 'Institution', 'Alma'],
      button: 'Confirmer la liste',
      done: (n) =>
        `Liste confirmée : ${n} ${n === 1 ? 'compte' : 'comptes'}. Les mots de passe seront fixés dans Alma au prochain passage quotidien.`,
      changed:
        'La liste a changé depuis ce lien (un compte ajouté ou déjà traité) : rien n’a été confirmé. Utilisez le lien du dernier e-mail, ou alma-accounts passwords approve.',
      none: 'Plus rien à confirmer pour cette date.',
    },
    revealMail: {
      subject: (institution, account) =>
        `Alma – ${institution} : nouveau mot de passe du compte partagé ${account}`,
      intro: (date) =>
        `Comme annoncé, le mot de passe du compte Alma partagé ci-dessous a été changé le ${date}. L'ancien ne fonctionne plus.`,
      how: `Le nouveau mot de passe ne figure pas dans ce message. Connectez-vous d'abord au portail avec votre adresse, puis ouvrez le lien ci-dessous et cliquez sur « Afficher le mot de passe » : il s'affiche une seule fois, puis il est effacé de nos systèmes. Notez-le dans le coffre-fort de mots de passe de votre service et communiquez-le aux collègues qui utilisent ce compte.`,
      until: (until) =>
        `Le lien fonctionne jusqu'au ${until} inclus ; après, le mot de passe est effacé et le helpdesk devra en fixer un nouveau.`,
      force: 'Alma demandera de choisir un nouveau mot de passe à la première connexion.',
      account: 'Compte',
      user: 'Utilisateur Alma',
      link: 'Afficher le mot de passe (une seule fois)',
      other:
        "Chaque responsable de l'institution reçoit son propre lien ; le premier qui l'ouvre voit le mot de passe, les autres voient qui l'a affiché et quand.",
    },
    approvalMail: {
      subject: (n, date) => `Mots de passe des comptes partagés : ${n} à confirmer (rotation du ${date})`,
      intro: `Ces comptes Alma partagés reçoivent un nouveau mot de passe dès que vous confirmez la liste de leur institution ; rien n'est changé dans Alma avant :`,
      page: 'Pour confirmer la liste (une page, un bouton)',
      how: 'Ou en ligne de commande (par institution)',
    },
    expiredMail: {
      subject: (n) => `Mots de passe non consultés : ${n} ${n === 1 ? 'compte partagé' : 'comptes partagés'}`,
      intro: (revealDays) =>
        `Personne n'a affiché le nouveau mot de passe de ces comptes Alma partagés dans les ${revealDays} jours ; il a été effacé de nos systèmes (Alma le garde). Fixez-en un nouveau dans Alma et prenez contact avec les responsables :`,
    },
  },
  nl: {
    revealPage: {
      title: 'Nieuw wachtwoord van het gedeelde account',
      account: 'Account',
      explain:
        'Het wachtwoord wordt maar één keer getoond en daarna uit onze systemen gewist. Open eerst de wachtwoordkluis van uw dienst.',
      button: 'Wachtwoord tonen',
      shown: 'Het nieuwe wachtwoord:',
      keep: 'Noteer het nu: deze pagina en de link tonen het niet meer.',
      revealed: (when, by) =>
        `Dit wachtwoord werd al getoond op ${when} door ${by}. Vraag het aan die persoon.`,
      expired:
        'Deze link is verlopen: het wachtwoord werd niet op tijd getoond en is gewist. De helpdesk stelt een nieuw in.',
      notYet: 'Het nieuwe wachtwoord is nog niet ingesteld in Alma. Probeer later opnieuw.',
      signIn:
        'Meld u eerst aan op het portaal met uw adres als beheerder om het wachtwoord te zien: na het aanmelden komt u terug op deze pagina.',
      portal: 'Aanmelden op het portaal',
      otherPerson:
        'Deze link werd naar een andere beheerder gestuurd: hij toont het wachtwoord alleen aan die persoon, aangemeld op het portaal. Gebruik de link die u zelf kreeg, of meld u af op het portaal.',
    },
    approvalPage: {
      title: 'Wachtwoordrotatie van gedeelde accounts',
      intro: (date) =>
        `Rotatie van ${date}. Na bevestiging krijgt elk van deze Alma-accounts bij de volgende dagelijkse run (7.30 uur) een nieuw wachtwoord, en elke verantwoordelijke van de instelling een link om het één keer te tonen. Tot dan verandert er niets in Alma.`,
      head: ['Account', 'Instelling', 'Alma'],
      button: 'Lijst bevestigen',
      done: (n) =>
        `Lijst bevestigd: ${n} ${n === 1 ? 'account' : 'accounts'}. De wachtwoorden worden bij de volgende dagelijkse run in Alma ingesteld.`,
      changed:
        'De lijst is veranderd sinds deze link (een account toegevoegd of al behandeld): er is niets bevestigd. Gebruik de link uit de laatste e-mail, of alma-accounts passwords approve.',
      none: 'Niets meer te bevestigen voor deze datum.',
    },
    revealMail: {
      subject: (institution, account) =>
        `Alma – ${institution}: nieuw wachtwoord van het gedeelde account ${account}`,
      intro: (date) =>
        `Zoals aangekondigd is het wachtwoord van het gedeelde Alma-account hieronder gewijzigd op ${date}. Het oude werkt niet meer.`,
      how: `Het nieuwe wachtwoord staat niet in dit bericht. Meld u eerst met uw adres aan op het portaal, open dan de link hieronder en klik op "Wachtwoord tonen": het wordt één keer getoond en daarna uit onze systemen gewist. Bewaar het in de wachtwoordkluis van uw dienst en bezorg het aan de collega's die dit account gebruiken.`,
      until: (until) =>
        `De link werkt tot en met ${until}; daarna wordt het wachtwoord gewist en moet de helpdesk een nieuw instellen.`,
      force: 'Alma vraagt bij de eerste aanmelding een nieuw wachtwoord te kiezen.',
      account: 'Account',
      user: 'Alma-gebruiker',
      link: 'Wachtwoord tonen (één keer)',
      other:
        'Elke verantwoordelijke van de instelling krijgt een eigen link; wie hem eerst opent, ziet het wachtwoord, de anderen zien wie het wanneer getoond heeft.',
    },
    approvalMail: {
      subject: (n, date) => `Wachtwoorden van gedeelde accounts: ${n} te bevestigen (rotatie van ${date})`,
      intro:
        'Deze gedeelde Alma-accounts krijgen een nieuw wachtwoord zodra u de lijst van hun instelling bevestigt; tot dan verandert er niets in Alma:',
      page: 'Lijst bevestigen (één pagina, één knop)',
      how: 'Of via de opdrachtregel (per instelling)',
    },
    expiredMail: {
      subject: (n) => `Niet bekeken wachtwoorden: ${n} ${n === 1 ? 'gedeeld account' : 'gedeelde accounts'}`,
      intro: (revealDays) =>
        `Niemand heeft het nieuwe wachtwoord van deze gedeelde Alma-accounts binnen ${revealDays} dagen bekeken; het is uit onze systemen gewist (Alma houdt het). Stel in Alma een nieuw in en neem contact op met de verantwoordelijken:`,
    },
  },
  en: {
    revealPage: {
      title: 'New password of the shared account',
      account: 'Account',
      explain:
        "The password is shown only once, then erased from our systems. Open your team's password safe before you click.",
      button: 'Show the password',
      shown: 'The new password:',
      keep: 'Write it down now: neither this page nor the link will show it again.',
      revealed: (when, by) => `This password was already shown on ${when} by ${by}. Ask that person.`,
      expired:
        'This link has expired: the password was not shown in time and was erased. The helpdesk will set a new one.',
      notYet: 'The new password is not set in Alma yet. Try again later.',
      signIn:
        'To see the password, first sign in to the portal with your manager address: signing in brings you back to this page.',
      portal: 'Sign in to the portal',
      otherPerson:
        'This link was sent to another manager: it shows the password only to that person, signed in to the portal. Use the link you received yourself, or sign out of the portal.',
    },
    approvalPage: {
      title: 'Shared-account password rotation',
      intro: (date) =>
        `Rotation of ${date}. Once you confirm, each of these Alma accounts gets a new password at the next daily run (7:30), and each manager of the institution a link to show it once. Nothing changes in Alma before.`,
      head: ['Account', 'Institution', 'Alma'],
      button: 'Confirm the list',
      done: (n) =>
        `List confirmed: ${n} ${n === 1 ? 'account' : 'accounts'}. The passwords will be set in Alma at the next daily run.`,
      changed:
        'The list changed since this link (an account added or already handled): nothing was confirmed. Use the link of the latest mail, or alma-accounts passwords approve.',
      none: 'Nothing left to confirm for this date.',
    },
    revealMail: {
      subject: (institution, account) =>
        `Alma – ${institution}: new password of the shared account ${account}`,
      intro: (date) =>
        `As announced, the password of the shared Alma account below was changed on ${date}. The old one no longer works.`,
      how: `The new password is not in this message. First sign in to the portal with your address, then open the link below and click "Show the password": it is shown once, then erased from our systems. Keep it in your team's password safe and give it to the colleagues who use this account.`,
      until: (until) =>
        `The link works until ${until} included; after that the password is erased and the helpdesk has to set a new one.`,
      force: 'Alma will ask for a new password at the first sign-in.',
      account: 'Account',
      user: 'Alma user',
      link: 'Show the password (once)',
      other:
        'Each manager of the institution gets their own link; whoever opens it first sees the password, the others see who showed it and when.',
    },
    approvalMail: {
      subject: (n, date) => `Shared-account passwords: ${n} to confirm (rotation of ${date})`,
      intro:
        "These shared Alma accounts get a new password as soon as you confirm their institution's list; nothing changes in Alma before:",
      page: 'To confirm the list (one page, one button)',
      how: 'Or from the command line (per institution)',
    },
    expiredMail: {
      subject: (n) => `Passwords not revealed: ${n} shared ${n === 1 ? 'account' : 'accounts'}`,
      intro: (revealDays) =>
        `Nobody showed the new password of these shared Alma accounts within ${revealDays} days; it was erased from our systems (Alma keeps it). Set a new one in Alma and contact the managers:`,
    },
  },
};
