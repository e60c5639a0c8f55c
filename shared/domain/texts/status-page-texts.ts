import type { Language } from '../language';
import type { StatusVerdict } from '../monitor/types';

/** What the status page says, in the network's three languages (rendering is app/monitor/status-page-html.ts). */
export interface StatusPageTexts {
  heading: (title: string) => string;
  intro: string;
  updated: (at: string) => string;
  languages: string;
  verdict: Record<StatusVerdict | 'unchecked', string>;
  since: (at: string) => string;
  episode: (start: string) => string;
  nextMaintenance: (when: string, title: string) => string;
  runningMaintenance: (when: string, title: string) => string;
  noMaintenance: string;
  availability: string;
  windows: Record<'24h' | '7d' | '30d' | '90d', string>;
  noData: string;
  excluding: string;
  bars: (days: number) => string;
  bar: (day: string, up: string | null, maintenance: string | null) => string;
  legend: { up: string; down: string; maintenance: string; none: string };
  institutions: string;
  exlibris: string;
  environment: string;
  notFound: [string, string];
  forbidden: [string, string];
}

/** `99.3 %` / `99,3 %`: a share in the page's language. */
export function formatShare(language: Language, share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString(language === 'en' ? 'en-GB' : `${language}-BE`)} %`;
}

export const STATUS_PAGE_TEXTS: Record<Language, StatusPageTexts> = {
  en: {
    heading: (title) => `${title} — service status`,
    intro:
      'The state of Alma for the libraries of the network, from Ex Libris and from our own checks every 5 minutes.',
    updated: (at) => `Updated ${at} (Brussels time).`,
    languages: 'Language',
    verdict: {
      operational: 'Operational',
      degraded: 'Degraded',
      down: 'Down',
      maintenance: 'Maintenance',
      unknown: 'Unknown',
      unchecked: 'Not checked yet',
    },
    since: (at) => `since ${at}`,
    episode: (start) => `Problem open since ${start}.`,
    nextMaintenance: (when, title) => `Next announced maintenance: ${when} — ${title}`,
    runningMaintenance: (when, title) => `Maintenance in progress: ${when} — ${title}`,
    noMaintenance: 'No maintenance announced.',
    availability: 'Availability',
    windows: { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' },
    noData: 'no data',
    excluding:
      'Availability counts the time Alma could be used, slowed down (degraded) included; announced maintenance is left out.',
    bars: (days) => `The last ${days} days, one bar per day`,
    bar: (day, up, maintenance) =>
      `${day}: ${up === null ? 'no data' : `${up} available`}${maintenance ? `, ${maintenance} in maintenance` : ''}`,
    legend: { up: 'available', down: 'unavailable', maintenance: 'announced maintenance', none: 'no data' },
    institutions: 'Institutions',
    exlibris: 'Ex Libris and our checks',
    environment: 'Environment',
    notFound: ['Page not found', 'There is nothing at this address.'],
    forbidden: [
      'Link needed',
      'This status page is shown with the link the helpdesk sent you. Ask the helpdesk for a new one.',
    ],
  },
  fr: {
    heading: (title) => `${title} — état du service`,
    intro:
      'L’état d’Alma pour les bibliothèques du réseau, selon Ex Libris et nos propres contrôles toutes les 5 minutes.',
    updated: (at) => `Mis à jour le ${at} (heure de Bruxelles).`,
    languages: 'Langue',
    verdict: {
      operational: 'Opérationnel',
      degraded: 'Dégradé',
      down: 'En panne',
      maintenance: 'Maintenance',
      unknown: 'Inconnu',
      unchecked: 'Pas encore contrôlé',
    },
    since: (at) => `depuis le ${at}`,
    episode: (start) => `Problème en cours depuis le ${start}.`,
    nextMaintenance: (when, title) => `Prochaine maintenance annoncée : ${when} — ${title}`,
    runningMaintenance: (when, title) => `Maintenance en cours : ${when} — ${title}`,
    noMaintenance: 'Aucune maintenance annoncée.',
    availability: 'Disponibilité',
    windows: { '24h': '24 heures', '7d': '7 jours', '30d': '30 jours', '90d': '90 jours' },
    noData: 'pas de données',
    excluding:
      'La disponibilité compte le temps où Alma pouvait être utilisé, ralenti (dégradé) compris ; les maintenances annoncées sont laissées de côté.',
    bars: (days) => `Les ${days} derniers jours, une barre par jour`,
    bar: (day, up, maintenance) =>
      `${day} : ${up === null ? 'pas de données' : `${up} disponible`}${maintenance ? `, ${maintenance} en maintenance` : ''}`,
    legend: {
      up: 'disponible',
      down: 'indisponible',
      maintenance: 'maintenance annoncée',
      none: 'pas de données',
    },
    institutions: 'Institutions',
    exlibris: 'Ex Libris et nos contrôles',
    environment: 'Environnement',
    notFound: ['Page introuvable', 'Il n’y a rien à cette adresse.'],
    forbidden: [
      'Lien nécessaire',
      'Cette page de statut s’affiche avec le lien que le helpdesk vous a envoyé. Demandez-en un nouveau au helpdesk.',
    ],
  },
  nl: {
    heading: (title) => `${title} — status van de dienst`,
    intro:
      'De toestand van Alma voor de bibliotheken van het netwerk, volgens Ex Libris en onze eigen controles om de 5 minuten.',
    updated: (at) => `Bijgewerkt op ${at} (Brusselse tijd).`,
    languages: 'Taal',
    verdict: {
      operational: 'Operationeel',
      degraded: 'Verstoord',
      down: 'Onbeschikbaar',
      maintenance: 'Onderhoud',
      unknown: 'Onbekend',
      unchecked: 'Nog niet gecontroleerd',
    },
    since: (at) => `sinds ${at}`,
    episode: (start) => `Probleem sinds ${start}.`,
    nextMaintenance: (when, title) => `Volgend aangekondigd onderhoud: ${when} — ${title}`,
    runningMaintenance: (when, title) => `Onderhoud bezig: ${when} — ${title}`,
    noMaintenance: 'Geen onderhoud aangekondigd.',
    availability: 'Beschikbaarheid',
    windows: { '24h': '24 uur', '7d': '7 dagen', '30d': '30 dagen', '90d': '90 dagen' },
    noData: 'geen gegevens',
    excluding:
      'De beschikbaarheid telt de tijd dat Alma bruikbaar was, vertraagd (verstoord) inbegrepen; aangekondigd onderhoud blijft buiten beschouwing.',
    bars: (days) => `De laatste ${days} dagen, één balk per dag`,
    bar: (day, up, maintenance) =>
      `${day}: ${up === null ? 'geen gegevens' : `${up} beschikbaar`}${maintenance ? `, ${maintenance} onderhoud` : ''}`,
    legend: {
      up: 'beschikbaar',
      down: 'onbeschikbaar',
      maintenance: 'aangekondigd onderhoud',
      none: 'geen gegevens',
    },
    institutions: 'Instellingen',
    exlibris: 'Ex Libris en onze controles',
    environment: 'Omgeving',
    notFound: ['Pagina niet gevonden', 'Op dit adres staat niets.'],
    forbidden: [
      'Link nodig',
      'Deze statuspagina wordt getoond met de link die de helpdesk u stuurde. Vraag de helpdesk om een nieuwe.',
    ],
  },
};
