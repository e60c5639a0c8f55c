import type { PermissionArea } from './rules';

/**
 * What a task description asks of Alma: the permission areas its words name, read with their
 * negations ("geen catalografie", "pas de commandes", "no cataloguing"), their limits ("enkel
 * uitleningen", "only loans") and the near-misses that are not cataloguing ("aider les lecteurs à
 * chercher dans le catalogue" is helping readers). A description that maps to no area, or whose
 * areas contradict one another, is `unsure`: it gets the default profile and the helpdesk is told,
 * never a broader profile.
 */

const AREA_WORDS: Record<PermissionArea, string[]> = {
  acquisitions: [
    'acquisition',
    'acquisitions',
    'acq',
    'aankoop',
    'aankopen',
    'acquisitie',
    'acquisities',
    'bestelling',
    'bestellingen',
    'commande',
    'commandes',
    'achat',
    'achats',
    'ordering',
    'orders',
    'purchase',
    'purchasing',
    'invoice',
    'invoices',
    'facture',
    'factures',
    'factuur',
    'facturen',
    'budget',
    'fonds budgetaires',
  ],
  cataloguing: [
    'catalogage',
    'cataloguer',
    'catalographie',
    'catalogue',
    'catalografie',
    'catalogiseren',
    'catalogering',
    'cataloging',
    'cataloguing',
    'catalog',
    'metadata',
    'métadonnées',
    'metadonnees',
    'notice bibliographique',
    'notices bibliographiques',
    'bibliographic',
    'bibliografische',
    'autorité',
    'autorités',
    'authority',
    'authorities',
    'autoriteit',
    'gestion des ressources',
    'resource management',
    'beschrijving',
    'beschrijven',
    'indexering',
    'indexation',
  ],
  fulfillment: [
    'prêt',
    'prêts',
    'pret',
    'prets',
    'retour',
    'retours',
    'uitlening',
    'uitleningen',
    'uitlenen',
    'loan',
    'loans',
    'lending',
    'circulation',
    'balie',
    'front desk',
    'accueil',
    'comptoir',
    'services aux usagers',
    'fulfillment',
    'fulfilment',
    'réservation',
    'reservations',
    'reservering',
    'ill',
    'pib',
    'ibl',
    'shelving',
    'rangement',
  ],
  inventory: [
    'holdings',
    'holding',
    'items',
    'item',
    'exemplaire',
    'exemplaires',
    'exemplaar',
    'exemplaren',
    'portfolio',
    'portfolios',
    'fonds',
    'inventaire',
    'inventaris',
    'inventory',
    'barcode',
    'barcodes',
    'etiket',
    'étiquettes',
    'labels',
  ],
};

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
}

const AREA_PATTERNS: [PermissionArea, string[]][] = (
  Object.entries(AREA_WORDS) as [PermissionArea, string[]][]
).map(([area, words]) => [area, words.map((w) => normalise(w))]);

/** Which areas a piece of text names, by word (accents and case ignored). */
function areasNamed(text: string): Set<PermissionArea> {
  const areas = new Set<PermissionArea>();
  for (const [area, words] of AREA_PATTERNS) {
    // "catalografie van tijdschriften" → cataloguing; prefixes catch inflections (catalogu…, acquisit…).
    if (
      words.some(
        (w) => text.includes(w) || (w.trim().length >= 7 && text.includes(` ${w.trim().slice(0, 7)}`)),
      )
    ) {
      areas.add(area);
    }
  }
  return areas;
}

/** Searching the catalogue (for or with readers) is a front-desk task, not cataloguing. */
// biome-ignore format: word lists read better packed
const CATALOGUE_SEARCH = new RegExp(
  [
    '(?:chercher|rechercher|recherches?|trouver|retrouver|consulter|utiliser|naviguer|interroger|orienter|zoeken|opzoeken|zoekt|vinden|terugvinden|raadplegen|gebruiken|wegwijs|search|searching|searches|find|finding|use|using|browse|browsing|look up|looking up|navigate|navigating|query|querying)(?: [a-z]+){0,4}? (?:catalogue|catalogues|catalogus|catalogi|catalog|catalogs|opac|primo|limo)',
    '(?:catalogue|catalogues|catalogus|catalogi|catalog|opac)(?: [a-z]+){0,3}? (?:zoeken|opzoeken|raadplegen|gebruiken|vinden|search|searches|searching|lookups?)',
  ].join('|'),
  'g',
);
/** "not only … but also", "niet alleen … maar ook", "non seulement … mais aussi": no limit, no negation. */
const NOT_ONLY = / (?:not|niet|non|pas) (?:only|alleen|enkel|seulement|uniquement) /g;
/** Words after which the areas named are excluded, up to the end of the sentence or a "but". */
// biome-ignore format: word lists read better packed
const NEGATION = alt(
  'geen', 'niet', 'noch', 'zonder', 'behalve', 'uitgezonderd', 'nooit', 'met uitzondering van', 'in plaats van',
  'pas', 'ni', 'sans', 'sauf', 'hormis', 'excepte', 'aucune?', 'jamais', 'a l exception d', 'au lieu d', 'plutot que',
  'no', 'not', 'nor', 'without', 'except', 'excepting', 'excluding', 'never', 'cannot', 'other than', 'apart from',
  'rather than', 'instead of', 'with the exception of', '(?:don|doesn|won|isn|shouldn|wouldn|can|mustn) t',
);
/** Words that limit the areas to those named after them. */
// biome-ignore format: word lists read better packed
const ONLY = alt(
  '(?<!een |de )enkel', 'alleen', 'uitsluitend', 'slechts', 'uniquement', 'seulement', 'exclusivement',
  'only', 'solely', 'exclusively',
);
/** Words after which the text speaks affirmatively again. */
const CONTRAST = alt(
  'mais',
  'maar',
  'but',
  'wel',
  'however',
  'toutefois',
  'cependant',
  'par contre',
  'en revanche',
);
const SWITCH = new RegExp(`(?:^| )(?:(${NEGATION})|(${ONLY})|(${CONTRAST}))(?= )`, 'g');

function alt(...parts: string[]): string {
  return parts.join('|');
}

type Scope = 'said' | 'negated' | 'only';

/** One sentence (no ";" "." "!" "?") cut where a negation, a limit or a "but" starts. */
function scopesOf(sentence: string): { scope: Scope; text: string }[] {
  const out: { scope: Scope; text: string }[] = [];
  let scope: Scope = 'said';
  let from = 0;
  for (const m of sentence.matchAll(SWITCH)) {
    out.push({ scope, text: ` ${sentence.slice(from, m.index)} ` });
    scope = m[1] !== undefined ? 'negated' : m[2] !== undefined ? 'only' : 'said';
    from = m.index;
  }
  out.push({ scope, text: ` ${sentence.slice(from)} ` });
  return out;
}

export interface TaskAreas {
  /** The areas the tasks ask for: never one they exclude. */
  areas: Set<PermissionArea>;
  /** No area could be read with confidence (none named, or the words contradict one another). */
  unsure: boolean;
}

/** The permission areas a task description asks for, its negations and limits understood. */
export function readTaskAreas(tasks: string): TaskAreas {
  const folded = tasks
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[.;!?\n]+/g, ' . ');
  const text = ` ${folded.replace(/[^\p{L}\p{N}.]+/gu, ' ')} `
    .replace(NOT_ONLY, ' ')
    .replace(CATALOGUE_SEARCH, ' pret ');
  const said = new Set<PermissionArea>();
  const negated = new Set<PermissionArea>();
  const only = new Set<PermissionArea>();
  for (const sentence of text.split('.')) {
    for (const { scope, text: part } of scopesOf(sentence.replace(/\s+/g, ' ').trim())) {
      const into = scope === 'negated' ? negated : scope === 'only' ? only : said;
      for (const area of areasNamed(part)) into.add(area);
    }
  }
  const named = only.size ? only : said;
  const areas = new Set([...named].filter((area) => !negated.has(area)));
  const contradicted =
    [...named].some((area) => negated.has(area)) || (only.size > 0 && [...said].some((a) => !only.has(a)));
  return { areas, unsure: contradicted || areas.size === 0 };
}
