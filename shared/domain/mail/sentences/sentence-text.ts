import { findEmails } from '../fields';

/**
 * The text layer of the sentence reader: sentences cut from the request part, each with a folded twin
 * of the same length (so a phrase found in the folded text points at the same characters of the
 * original), the names written in them and the addresses with their places.
 */

export interface Sentence {
  /** The sentence as written, runs of white space as one space. */
  text: string;
  /** Lower case, accents dropped, apostrophes/dashes/quotes unified; same length and offsets as `text`. */
  folded: string;
}

/** Longer sentences are cut: every pattern then works on a bounded piece, so reading stays linear. */
export const MAX_SENTENCE = 400;

const FOLDED = new Map<string, string>();
const SAME_AS = new Map<string, string>([
  ['’', "'"],
  ['‘', "'"],
  ['ʼ', "'"],
  ['`', "'"],
  ['´', "'"],
  ['–', '-'],
  ['—', '-'],
  ['‐', '-'],
  ['‑', '-'],
  ['«', '"'],
  ['»', '"'],
  ['“', '"'],
  ['”', '"'],
  ['„', '"'],
]);

function foldChar(c: string): string {
  let folded = FOLDED.get(c);
  if (folded !== undefined) return folded;
  folded = SAME_AS.get(c) ?? c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // Only a one-for-one fold that folding again leaves alone keeps the offsets (and those of findDatesAt).
  const stable =
    folded.length === c.length && folded.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() === folded;
  if (!stable || /\s/.test(folded)) folded = c.length === 2 ? '__' : '_';
  if (FOLDED.size < 10_000) FOLDED.set(c, folded);
  return folded;
}

const NON_ASCII = /[^ -~\t\n\r]/gu;

/** Folds a text with no runs of white space, keeping its length: offsets in the result are offsets in the text. */
export function foldKeepingOffsets(text: string): string {
  // Every non-ASCII character becomes one that lower-casing leaves alone, so lower-casing the whole keeps the length.
  const folded = text.replace(NON_ASCII, foldChar).toLowerCase();
  if (folded.length === text.length) return folded;
  let out = '';
  for (const c of text) out += c.charCodeAt(0) < 128 ? c.toLowerCase() : foldChar(c);
  return out;
}

const BULLET = /^\s*(?:[-*•·▪‣◦–—+]|\(?\d{1,2}[.)])\s+/u;
// biome-ignore format: word list reads better packed
const ABBREVIATIONS = new Set([
  'm', 'mme', 'mlle', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'dhr', 'mevr', 'mw', 'ir', 'drs', 'ing', 'bv',
  'bijv', 'nr', 'no', 'e.g', 'i.e', 'cf', 'ca', 'vs', 'etc', 'jan', 'feb', 'febr', 'mrt', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'okt', 'nov', 'dec', 'janv', 'fevr', 'fev', 'avr', 'juil', 'o.a',
  't.e.m', 'tem', 'cie', 'resp',
]);

/** Is the "." at `at` the end of a sentence rather than of an abbreviation, an initial or a number? */
function endsSentence(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && at - start < 8 && /[\p{L}.]/u.test(text[start - 1] ?? '')) start--;
  const word = text.slice(start, at).toLowerCase();
  if (word.length === 1 || ABBREVIATIONS.has(word)) return false;
  const next = text[at + 2] ?? '';
  return next === '' || !/[\p{Ll}\d]/u.test(next);
}

/** Pushes text[start, end) as sentences of at most MAX_SENTENCE characters, cut at a space where there is one. */
function pushSentence(out: Sentence[], text: string, start: number, end: number): void {
  let from = start;
  while (end - from > MAX_SENTENCE) {
    const cut = text.slice(from, from + MAX_SENTENCE).lastIndexOf(' ');
    const at = from + (cut > MAX_SENTENCE / 2 ? cut : MAX_SENTENCE);
    pushOne(out, text.slice(from, at).trim());
    from = at;
  }
  pushOne(out, text.slice(from, end).trim());
}

function pushOne(out: Sentence[], text: string): void {
  if (/\p{L}/u.test(text)) out.push({ text, folded: foldKeepingOffsets(text) });
}

/** Splits one paragraph (lines joined) at ". ", "? ", "! ", "; " that end a sentence. */
function splitParagraph(paragraph: string, out: Sentence[]): void {
  const text = paragraph.replace(/\s+/g, ' ').trim();
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '.' && c !== '?' && c !== '!' && c !== ';' && c !== '…') continue;
    if (i + 1 < text.length && text[i + 1] !== ' ') continue;
    if (c === '.' && !endsSentence(text, i)) continue;
    pushSentence(out, text, start, i + 1);
    start = i + 1;
  }
  pushSentence(out, text, start, text.length);
}

/**
 * The sentences of a text: paragraphs are runs of non-blank lines (a wrapped line goes on the same
 * sentence), a bullet starts a new one, and the lines in `skipLines` (labelled values) are left out.
 */
export function sentencesOf(text: string, skipLines: ReadonlySet<number> = new Set()): Sentence[] {
  const lines = text.split('\n');
  const out: Sentence[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) splitParagraph(paragraph.join(' '), out);
    paragraph = [];
  };
  for (const [i, line] of lines.entries()) {
    if (skipLines.has(i) || !line.trim() || /^\s*>/.test(line)) {
      flush();
      continue;
    }
    if (BULLET.test(line)) {
      flush();
      paragraph.push(line.replace(BULLET, ''));
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- addresses

export interface AddressSpan {
  email: string;
  start: number;
  end: number;
}

const ADDRESS_CHAR = /[a-z0-9!#$%&'*+/=?^_`{|}~.-]/;

// "?" and "!" end a sentence, never an address ("… for Oliver Smith, oliver.smith@x.example?").
const DELIMITED = /[^\s<>()[\]"',;:?!]+/g;
const MAX_ADDRESS = 254 + 7;

/** Valid addresses of a sentence with where they stand (findEmails decides what an address is). */
export function addressesIn(sentence: Sentence): AddressSpan[] {
  if (!sentence.folded.includes('@')) return [];
  const spans: AddressSpan[] = [];
  // Only the delimited words that can hold an address are handed on: a long run of "a@a@…" costs nothing.
  const words = (sentence.folded.match(DELIMITED) ?? []).filter(
    (w) => w.includes('@') && w.length <= MAX_ADDRESS,
  );
  for (const email of findEmails(words.join(' '))) {
    for (let at = sentence.folded.indexOf(email); at >= 0; at = sentence.folded.indexOf(email, at + 1)) {
      const before = sentence.folded[at - 1] ?? ' ';
      const after = sentence.folded[at + email.length] ?? ' ';
      if (ADDRESS_CHAR.test(before) && before !== "'") continue;
      if (/[a-z0-9-]/.test(after)) continue;
      spans.push({ email, start: at, end: at + email.length });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------- names

export interface NameSpan {
  name: string;
  start: number;
  end: number;
  /** Words of the name that are not particles ("van", "de"…). */
  words: number;
  /** Written after a title (Madame, Mevrouw, Mr…): the title's start. */
  titleStart?: number;
}

// biome-ignore format: word list reads better packed
const PARTICLES = new Set(['van', 'de', 'der', 'den', 'ten', 'ter', 'von', 'vande', 'vander', 'le', 'la', 'du', 'des', 'di', 'da', 'dos', 'del', 'della', "'t", 'd', "d'"]);
// biome-ignore format: word list reads better packed
export const TITLES = new Set([
  'madame', 'monsieur', 'mademoiselle', 'mme', 'mlle', 'm', 'mevrouw', 'meneer', 'mevr', 'mw', 'dhr',
  'heer', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'docteur', 'dokter', 'professeur', 'professor',
]);
/**
 * Capitalised words that are not names: sentence starts, greetings, roles, months and days, products.
 * A name is looked for only where a pattern expects one, so this list needs only the words found there.
 */
// biome-ignore format: word list reads better packed
const NOT_NAMES = new Set([
  // French
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'l', 'nous', 'vous', 'il', 'elle', 'ils', 'elles', 'je',
  'j', 'notre', 'nos', 'votre', 'vos', 'son', 'sa', 'ses', 'leur', 'pour', 'par', 'avec', 'sur', 'dans',
  'depuis', 'a', 'au', 'aux', 'et', 'ou', 'mais', 'donc', 'car', 'si', 'ce', 'cet', 'cette', 'ces', 'qui',
  'que', 'comment', 'bonjour', 'bonsoir', 'merci', 'cordialement', 'chere', 'cher', 'voici', 'pourriez',
  'pouvez', 'pourrais', 'pouvez-vous', 'pourriez-vous', 'serait-il', 'est-ce', 'bien', 'salutations',
  'collegue', 'collaborateur', 'collaboratrice', 'stagiaire', 'jobiste', 'etudiant', 'etudiante',
  'benevole', 'volontaire', 'nouveau', 'nouvelle', 'nouvel', 'compte', 'acces', 'responsable', 'madame',
  'monsieur', 'mademoiselle', 'bibliotheque', 'service', 'objet', 'demande', 'prolongation', 'depart',
  'desactivation', 'cdd', 'cdi', 'ps', 'tr', 're', 'ref',
  // Dutch
  'het', 'een', 'onze', 'ons', 'wij', 'we', 'jullie', 'hij', 'zij', 'ze', 'haar', 'zijn', 'hem', 'ik',
  'ikzelf', 'mijn', 'voor', 'met', 'op', 'aan', 'bij', 'in', 'uit', 'tot', 'dag', 'beste', 'hallo', 'hoi',
  'goedemorgen', 'goedemiddag', 'geachte', 'groeten', 'groetjes', 'bedankt', 'dank', 'vriendelijke', 'graag',
  'kunnen', 'kunt', 'kan', 'zou', 'zouden', 'vanaf', 'sinds', 'hierbij', 'gelieve', 'collega', 'medewerker',
  'medewerkster', 'stagiair', 'jobstudent', 'jobstudente', 'student', 'studente', 'vrijwilliger',
  'vrijwilligster', 'nieuwe', 'nieuw', 'account', 'toegang', 'begeleider', 'verlenging', 'vertrek', 'mevrouw',
  'meneer', 'doorst',
  // English
  'the', 'an', 'our', 'my', 'your', 'his', 'her', 'their', 'you', 'he', 'she', 'they', 'it', 'i', 'for',
  'from', 'with', 'at', 'by', 'to', 'of', 'and', 'or', 'but', 'so', 'this', 'that', 'these', 'those', 'who',
  'hello', 'hi', 'dear', 'thanks', 'thank', 'regards', 'best', 'kind', 'please', 'could', 'would', 'can',
  'will', 'may', 'here', 'there', 'colleague', 'intern', 'trainee', 'volunteer', 'employee', 'staff', 'new',
  'access', 'supervisor', 'mr', 'mrs', 'ms', 'miss', 'dr', 'fwd', 'fw', 'cc', 'subject', 'as', 'on',
  // months and days
  'janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre',
  'decembre', 'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
  'oktober', 'november', 'december', 'january', 'february', 'march', 'may', 'june', 'july', 'august',
  'october', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'maandag', 'dinsdag',
  'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday',
  // products and the network
  'alma', 'primo', 'limo', 'libisnet', 'libis', 'ex', 'libris', 'helpdesk', 'spineomatic', 'req', 'ok',
  // what a label or a line about an address starts with ("E-mail van Emma: …")
  'e-mail', 'email', 'mail', 'adres', 'adresse', 'address', 'mailadres', 'e-mailadres', 'tel', 'gsm',
  // what a subject or a first line says instead of a name ("Stage", "Petite info : …")
  'stage', 'arrivee', 'engagement', 'aanwerving', 'indiensttreding', 'welkom', 'bienvenue', 'welcome', 'info',
  'petite', 'fyi', 'urgent', 'vraag', 'question', 'request', 'aanvraag', 'contrat', 'contract', 'job', 'starter',
  'appointment', 'nouvelles', 'nieuws', 'news', 'update',
  // words that introduce a person at the start of a sentence ("Meet Noah Wilson, our new intern")
  'meet', 'introducing', 'presenting', 'say', 'ontmoet', 'maak', 'rencontrez', 'voila', 'hieronder', 'zie', 'see',
  // several people at once
  'both', 'each', 'two', 'beiden', 'allebei', 'twee', 'tous', 'toutes', 'deux',
]);
/** Given names that are also words of the list above: a name when written mid-sentence before a surname ("We mogen An Verhoeven …"). */
const GIVEN_NAMES_TOO = new Set(['an', 'may', 'will']);
/** French elisions that start a sentence: "C'est", "J'ai", "L'équipe", "Qu'il" (not "D'hondt", "O'Brien"). */
const FRENCH_ELISION = /^(?:c|j|l|n|qu|s|m|t)'/;
/** English contractions and the possessive: "We've" is no name, "Sarah's" is Sarah. */
const CONTRACTION = /'(?:s|ve|ll|re|d|m)$/;

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const MAX_NAME_WORDS = 6;

interface Word {
  text: string;
  folded: string;
  start: number;
  end: number;
}

function isCapitalised(text: string): boolean {
  const first = text[0] ?? '';
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** "d'Anvers", "d’Hondt" inside a name: the particle written onto the surname. */
const ELIDED_PARTICLE = /^d['’]\p{Lu}/u;

function isNameWord(word: Word): boolean {
  if (!isCapitalised(word.text)) return false;
  const bare = word.folded.replace(/['-]+$/, '').replace(CONTRACTION, '');
  if (NOT_NAMES.has(bare) || TITLES.has(bare) || FRENCH_ELISION.test(bare)) return false;
  // "LEROY" is a surname written in capitals; "CDD" and "ASAP" are not names but are in NOT_NAMES or too short.
  return word.text.length >= 2;
}

/** Names written in a sentence: runs of capitalised words ("Thomas Leroy", "Eline D’hondt", "Jan van Dam"). */
export function namesIn(sentence: Sentence, addresses: readonly AddressSpan[]): NameSpan[] {
  const words: Word[] = [];
  for (const m of sentence.text.matchAll(WORD)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (addresses.some((a) => start < a.end && end > a.start)) continue;
    words.push({ text: m[0], folded: sentence.folded.slice(start, end), start, end });
  }
  const names: NameSpan[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const next = words[i + 1];
    const givenNameToo =
      i > 0 &&
      GIVEN_NAMES_TOO.has(word.folded) &&
      isCapitalised(word.text) &&
      !/[:.!?]\s*$/.test(sentence.text.slice(0, word.start)) &&
      next !== undefined &&
      next.start === word.end + 1 &&
      isNameWord(next);
    if (!isNameWord(word) && !givenNameToo) {
      i++;
      continue;
    }
    let j = i;
    let last = i;
    // A run: name words joined by single spaces, particles allowed between two name words; after a
    // particle a capitalised common word is a surname ("Emma De Vos"), and so is "d'Anvers".
    while (j + 1 < words.length && words[j + 1]!.start === words[j]!.end + 1 && j - i < MAX_NAME_WORDS + 2) {
      const next = words[j + 1]!;
      const afterParticle = j > i && PARTICLES.has(words[j]!.folded);
      if (
        isNameWord(next) ||
        ELIDED_PARTICLE.test(next.text) ||
        (afterParticle && isCapitalised(next.text) && !TITLES.has(next.folded) && next.text.length >= 2)
      )
        last = j + 1;
      else if (!PARTICLES.has(next.folded)) break;
      j++;
      if (CONTRACTION.test(words[j]!.folded)) break;
    }
    const run = words.slice(i, last + 1);
    const nameWords = run.filter((w) => !PARTICLES.has(w.folded)).length;
    if (run.length <= MAX_NAME_WORDS) {
      const before = words[i - 1];
      const gap = before ? sentence.text.slice(before.end, word.start) : '';
      const titled = before && TITLES.has(before.folded) && /^\.? $/.test(gap);
      names.push({
        name: sentence.text
          .slice(word.start, run[run.length - 1]!.end)
          .replace(/['’]s$/, '')
          .replace(/['’-]+$/, ''),
        start: word.start,
        end: run[run.length - 1]!.end,
        words: nameWords,
        ...(titled ? { titleStart: before.start } : {}),
      });
    }
    i = last + 1;
  }
  return names;
}
