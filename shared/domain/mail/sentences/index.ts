import type { EmployeeType } from '../../account';
import type { CalendarDate } from '../../calendar';
import { type DateHit, type DateReading, findDatesAt } from '../fields';
import {
  ABOUT_SOMEONE,
  ACCOUNT_USE_AFTER,
  CLOSURE_HINT,
  DEACTIVATION_BEFORE,
  DEACTIVATION_WORDS,
  EMPLOYEE_AFTER,
  EMPLOYEE_BEFORE,
  END_BEFORE,
  FIRST_PERSON,
  FOR_BEFORE,
  FROM_BEFORE,
  GREETING,
  HELP_PREPOSITION,
  HELP_VERB,
  HINT_NEGATED_AFTER,
  HINT_NEGATED_BEFORE,
  HOW_QUESTION,
  LAST_DAY_BEFORE,
  LEAVING_BEFORE,
  NAME_ADDRESS_GAP,
  NAMED_ADDRESS_BEFORE,
  NEGATION_AFTER,
  NEW_HINT,
  NOT_MISSION,
  PRONOUN_ADDRESS_BEFORE,
  RANGE_GAP,
  RANGE_START_BEFORE,
  RENEWAL_HINT,
  RENEWED_BEFORE,
  ROLE_WORD,
  SENDER_SUPERVISES,
  SOMEONE_ELSE,
  SUBJECTS,
  SUPERVISOR_AFTER,
  SUPERVISOR_BEFORE,
  TASKS_AFTER,
  TASKS_END,
  TASKS_LEAD,
  TASKS_NOT,
  THIRD_PARTY_AFTER,
  THIRD_PARTY_BEFORE,
  TROUBLE,
  TYPE_NEGATED,
  TYPE_WORDS,
  TYPE_WORDS_PLURAL,
} from './phrases';
import {
  addressesIn,
  foldKeepingOffsets,
  type NameSpan,
  namesIn,
  type Sentence,
  sentencesOf,
} from './sentence-text';

/**
 * The sentence reader: requests written as plain sentences (FR/NL/EN) with no labels, read sentence
 * by sentence with bounded patterns. Only what a sentence states is taken; a value that two
 * sentences state differently is not taken at all, so it is asked for.
 */

export interface SentenceContext {
  /** The mail's subject, read as one more sentence (references and reply prefixes removed by the caller). */
  subject?: string;
  /** The sender's address: "je serai sa personne de contact" makes it the supervisor. */
  sender?: string;
  /** The sender's display name: "Anne Dubois sera sa responsable" written by Anne Dubois is the sender too. */
  senderName?: string;
  /** Addresses that are never the employee's (the mailbox, other recipients). */
  notEmployee?: readonly string[];
  /** Lines of the text already read as labelled values. */
  skipLines?: ReadonlySet<number>;
}

export type SentenceKind = 'new' | 'renewal' | 'closure';

/** Dates by what the sentences say they are. */
export interface SentenceDates {
  /** "jusqu'au …", "tot en met …", "until …", "du … au …": the end of the mission. */
  end?: DateReading;
  /** "prolongé jusqu'au …", "verlengd tot …", "extended until …". */
  renewedUntil?: DateReading;
  /** "son dernier jour est le …", "haar laatste werkdag is …", "her last working day is …". */
  lastDay?: DateReading;
  /** "quitte la bibliothèque le …", "vertrekt op …", "is leaving us on …". */
  leaving?: DateReading;
  /** "peut être désactivé à partir du …", "mag gedeactiveerd worden vanaf …", "can be switched off from …". */
  deactivation?: DateReading;
  /**
   * Dates the sentences say are not the employee's end: a trial period, a part-time period, a leave,
   * another person's contract. Never taken for an end, not even as "the only date of the mail".
   */
  setAside: CalendarDate[];
}

export interface SentenceReading {
  fullName?: string;
  email?: string;
  employeeType?: EmployeeType;
  supervisorEmail?: string;
  tasks?: string;
  /** A shared account's name: quoted ("« Prêt Salle de lecture »") or introduced ("genaamd Balie"). */
  sharedName?: string;
  dates: SentenceDates;
  /** What the sentences ask for, the first said first; undefined when no sentence about the employee says. */
  kind?: SentenceKind;
  /** The sentences name the employee or give their address. */
  employeeFound: boolean;
  /**
   * The sentences say what a person named will be, do or until when (a type, tasks, an end) and no
   * sentence speaks of a problem: an arrival, though no verb says so ("… sera bénévole chez nous").
   */
  newcomer: boolean;
  /** A sentence announces an arrival with a role word, before any name ("Nous accueillons une stagiaire"). */
  announced: boolean;
  /**
   * Several newcomers introduced together ("Hugo Martin et Inès Benali"): neither name nor address is
   * taken (one account per request), what is said of both is.
   */
  several: boolean;
  /** Every address the sentences hold and what it was taken for (told back when the employee's is asked). */
  addresses: FoundAddress[];
}

/** What an address of the request was taken for: the employee's, the supervisor's, someone else's, or unclear. */
export type AddressUse = 'employee' | 'supervisor' | 'other' | 'unclear';
export interface FoundAddress {
  email: string;
  use: AddressUse;
}

type StatedKey = Exclude<keyof SentenceDates, 'setAside'>;

/** A date as a sentence states it, with the person the clause is about when it names one first. */
interface StatedDate {
  reading: DateReading;
  /** The letters of the first name written in the date's clause (its subject), unless a pronoun comes first. */
  owner?: string;
}

type Role = 'employee' | 'supervisor' | 'third' | 'none';

interface Mention {
  sentence: number;
  start: number;
  end: number;
  name?: NameSpan;
  email?: string;
  role: Role;
  /** For the employee: 1 = introduced as such, 2 = with an address in a sentence about them, 3 = named there. */
  rank: number;
}

/** A request names a few people; past this many mentions the rest of a huge text is not searched for more. */
const MAX_MENTIONS = 200;
const LEFT_WINDOW = 70;
const RIGHT_WINDOW = 70;
const MAX_TASKS = 200;
const MAX_TASK_SENTENCES = 3;

const lettersOf = (text: string) => foldKeepingOffsets(text).replace(/[^a-z]/g, '');

const personOf = (m: Mention) => (m.name ? lettersOf(m.name.name) : (m.email ?? ''));

/**
 * The employee among the candidates: the first one introduced as such (rank 1); a weaker candidate
 * only when every candidate of its rank is the same person (three addresses in a bounce are nobody).
 */
function chosen(candidates: readonly Mention[]): Mention | undefined {
  const rank = Math.min(...candidates.map((m) => m.rank));
  const best = candidates.filter((m) => m.rank === rank);
  if (rank === 1) return best[0];
  return new Set(best.map(personOf)).size === 1 ? best[0] : undefined;
}

/** Same reading, or undefined when the sentences disagree (nothing is guessed). */
function agreed(readings: DateReading[]): DateReading | undefined {
  const [first] = readings;
  if (!first) return undefined;
  const key = (r: DateReading) => (r.ok ? r.date : 'invalid');
  return readings.every((r) => key(r) === key(first)) ? first : undefined;
}

/** The last subject pronoun before `at`, in the clause that holds it. */
function subjectBefore(folded: string, at: number): string | undefined {
  const clauseStart = Math.max(
    folded.lastIndexOf(',', at - 1),
    folded.lastIndexOf(';', at - 1),
    folded.lastIndexOf('(', at - 1),
  );
  const clause = folded.slice(clauseStart + 1, at);
  let last: string | undefined;
  for (const m of clause.matchAll(SUBJECTS)) last = m[1];
  return last;
}

function clauseBefore(folded: string, at: number): string {
  const clauseStart = Math.max(folded.lastIndexOf(',', at - 1), folded.lastIndexOf(';', at - 1));
  return folded.slice(clauseStart + 1, at);
}

/**
 * Who a clause is about, when it names a person before any subject pronoun: the letters of that name
 * ("Le contrat de Marc se termine le …" is Marc's), or undefined ("Elle sera encadrée par Marie …").
 */
function clauseSubject(
  folded: string,
  from: number,
  to: number,
  mentions: readonly Mention[],
): string | undefined {
  // A full name before a lone capitalised word: "Petite info : Sarah Lambert … jusqu'au …" is Sarah's.
  const inClause = mentions.filter((m) => m.name && m.start >= from && m.end <= to);
  const named = inClause.find((m) => (m.name?.words ?? 0) >= 2) ?? inClause[0];
  if (!named?.name) return undefined;
  if (folded.slice(from, named.start).match(SUBJECTS)) return undefined;
  return lettersOf(named.name.name);
}

class Reader {
  private readonly sentences: Sentence[] = [];
  /** Offset where each sentence's own words start (after a greeting such as "Bonjour Madame,"). */
  private readonly starts: number[] = [];
  private readonly mentions: Mention[] = [];
  private readonly dates: Record<StatedKey, StatedDate[]> = {
    end: [],
    renewedUntil: [],
    lastDay: [],
    leaving: [],
    deactivation: [],
  };
  private readonly setAside: DateReading[] = [];
  private readonly typeHits = new Set<EmployeeType>();
  private readonly pluralTypeHits = new Set<EmployeeType>();
  private readonly tasks: string[] = [];
  private readonly hints: SentenceKind[] = [];
  private sharedName: string | undefined;
  private senderSupervises = false;
  private lastPersonRole: Role = 'none';
  private trouble = false;
  private announced = false;

  constructor(
    text: string,
    private readonly context: SentenceContext,
  ) {
    if (context.subject) this.sentences.push(...sentencesOf(context.subject));
    this.sentences.push(...sentencesOf(text, context.skipLines));
  }

  read(): SentenceReading {
    for (const [index, sentence] of this.sentences.entries()) {
      const start = GREETING.exec(sentence.folded)?.[0].length ?? 0;
      this.starts.push(start);
      if (HOW_QUESTION.test(sentence.folded.slice(start))) continue;
      const mentions = this.mentionsOf(index, sentence, start);
      const aboutSomeone =
        ABOUT_SOMEONE.test(sentence.folded) || mentions.some((m) => m.role === 'employee' && m.name);
      if (SENDER_SUPERVISES.test(sentence.folded) && !this.senderNegated(sentence.folded))
        this.senderSupervises = true;
      if (!this.trouble && TROUBLE.test(sentence.folded)) this.trouble = true;
      if (this.tasks.length < MAX_TASK_SENTENCES) this.readTasks(sentence, ACCOUNT_USE_AFTER);
      if (!aboutSomeone) continue;
      this.readDates(sentence, mentions);
      this.readType(sentence, mentions);
      if (this.tasks.length < MAX_TASK_SENTENCES)
        this.readTasks(this.namesAsSubjects(sentence, mentions), TASKS_AFTER);
      if (!this.hints.length && this.readHint(sentence) === 'new' && ROLE_WORD.test(sentence.folded))
        this.announced = true;
      this.sharedName ??= accountName(sentence);
    }
    return this.resolve();
  }

  // ------------------------------------------------------------ people

  private mentionsOf(index: number, sentence: Sentence, from: number): Mention[] {
    if (this.mentions.length >= MAX_MENTIONS) return [];
    const addresses = addressesIn(sentence).filter((a) => a.start >= from);
    const names = namesIn(sentence, addresses).filter((n) => n.start >= from);
    const paired = new Set<number>();
    const found: Mention[] = [];
    for (const name of names) {
      const address = addresses.find(
        (a, i) =>
          !paired.has(i) &&
          a.start >= name.end &&
          a.start - name.end <= 25 &&
          NAME_ADDRESS_GAP.test(sentence.folded.slice(name.end, a.start)),
      );
      if (address) paired.add(addresses.indexOf(address));
      found.push({
        sentence: index,
        start: name.titleStart ?? name.start,
        end: address ? address.end : name.end,
        name,
        ...(address ? { email: address.email } : {}),
        role: 'none',
        rank: 9,
      });
    }
    addresses.forEach((a, i) => {
      if (!paired.has(i))
        found.push({ sentence: index, start: a.start, end: a.end, email: a.email, role: 'none', rank: 9 });
    });
    found.sort((a, b) => a.start - b.start);
    const asksAccount = /(?<![a-z])(?:compte|acces|account|toegang|access)(?![a-z])/.test(sentence.folded);
    for (const mention of found) {
      this.classify(sentence, mention, asksAccount);
      if (mention.name && mention.role !== 'none') this.lastPersonRole = mention.role;
      this.mentions.push(mention);
    }
    return found;
  }

  private isSender(mention: Mention): boolean {
    const { sender, senderName } = this.context;
    if (mention.email) return mention.email === sender;
    if (!mention.name) return false;
    const name = lettersOf(mention.name.name);
    if (senderName && name === lettersOf(senderName)) return true;
    // "Anne Dubois" is anne.dubois@…; "Jean-Pierre Dubois" is not, though he shares her surname.
    const local = (sender?.split('@')[0] ?? '').replace(/[^a-z]/g, '');
    const words = mention.name.name
      .split(/[\s-]+/)
      .map(lettersOf)
      .filter((w) => w.length >= 2);
    return local.length > 0 && words.length >= 2 && words.every((w) => local.includes(w));
  }

  private classify(sentence: Sentence, mention: Mention, asksAccount: boolean): void {
    const [role, rank] = this.roleOf(sentence, mention, asksAccount);
    mention.role = role;
    mention.rank = rank;
  }

  /** Who a mention is, from the words around it: the supervisor, someone else, or the employee (with a rank). */
  private roleOf(sentence: Sentence, mention: Mention, asksAccount: boolean): [Role, number] {
    const { folded } = sentence;
    const left = folded.slice(Math.max(0, mention.start - LEFT_WINDOW), mention.start);
    const right = folded.slice(mention.end, mention.end + RIGHT_WINDOW);
    if (SUPERVISOR_BEFORE.test(left) || SUPERVISOR_AFTER.test(right)) return ['supervisor', 9];
    if (!mention.name && PRONOUN_ADDRESS_BEFORE.test(left) && !this.isSender(mention)) {
      // "Son adresse est …", "Vous pouvez le joindre à …": the address of the last person named.
      if (this.lastPersonRole === 'supervisor') return ['supervisor', 9];
      return this.lastPersonRole === 'third' ? ['third', 9] : ['employee', 1];
    }
    if (THIRD_PARTY_BEFORE.test(left) || THIRD_PARTY_AFTER.test(right)) return ['third', 9];
    if (this.isSender(mention)) return ['none', 9];
    // "Pour toute question technique, …", "Merci de répondre …": nobody there is the employee unless
    // introduced as such ("X est notre informaticien" there is no employee).
    const someoneElse = SOMEONE_ELSE.test(folded);
    if (
      mention.name?.titleStart !== undefined ||
      EMPLOYEE_BEFORE.test(left) ||
      (!someoneElse && EMPLOYEE_AFTER.test(right) && !AFTER_PREPOSITION.test(left)) ||
      (asksAccount && FOR_BEFORE.test(left)) ||
      (!mention.name && NAMED_ADDRESS_BEFORE.test(left))
    )
      return ['employee', 1];
    if (someoneElse) return ['third', 9];
    if (ABOUT_SOMEONE.test(folded)) return ['employee', mention.email ? 2 : 3];
    return ['none', 9];
  }

  /**
   * The sentence with the names of the people it is about written as "#…#" (same length): the task
   * patterns then read "Sofie zal de uitleningen doen" as they read "Ze zal …".
   */
  private namesAsSubjects(sentence: Sentence, mentions: readonly Mention[]): Sentence {
    let { folded } = sentence;
    for (const m of mentions) {
      if (!m.name || (m.role !== 'employee' && m.role !== 'none') || this.isSender(m)) continue;
      // The whole mention, title and address with its bracket included: "Mevrouw X (x@…) komt …".
      const end = /[)>\]]/.test(folded[m.end] ?? '') ? m.end + 1 : m.end;
      folded = folded.slice(0, m.start) + '#'.repeat(end - m.start) + folded.slice(end);
    }
    return folded === sentence.folded ? sentence : { text: sentence.text, folded };
  }

  private senderNegated(folded: string): boolean {
    const m = SENDER_SUPERVISES.exec(folded);
    return !!m && NEGATION_AFTER.test(folded.slice(m.index + m[0].length));
  }

  // ------------------------------------------------------------ dates

  private readDates(sentence: Sentence, mentions: readonly Mention[]): void {
    const { folded } = sentence;
    // Every date form has digits: a sentence without one costs no date search.
    const hits = /\d/.test(folded) ? findDatesAt(folded) : [];
    let previous: DateHit | undefined;
    for (const hit of hits) {
      const left = folded.slice(Math.max(0, hit.index - LEFT_WINDOW), hit.index);
      const subject = subjectBefore(folded, hit.index);
      const own = subject !== undefined && FIRST_PERSON.has(subject);
      const clause = clauseBefore(folded, hit.index);
      const elsewhere = NOT_MISSION.test(clause);
      const range =
        previous &&
        RANGE_GAP.test(folded.slice(previous.end, hit.index)) &&
        RANGE_START_BEFORE.test(folded.slice(Math.max(0, previous.index - LEFT_WINDOW), previous.index));
      const stated: StatedDate = { reading: hit.reading };
      const owner = clauseSubject(folded, hit.index - clause.length, hit.index, mentions);
      if (owner) stated.owner = owner;
      if (!own && !elsewhere) {
        if (RENEWED_BEFORE.test(left)) this.dates.renewedUntil.push(stated);
        if (END_BEFORE.test(left) || range) this.dates.end.push(stated);
        if (LAST_DAY_BEFORE.test(left)) this.dates.lastDay.push(stated);
      } else if (elsewhere) this.setAside.push(hit.reading);
      if (!own) {
        if (
          DEACTIVATION_BEFORE.test(left) ||
          (FROM_BEFORE.test(left) && DEACTIVATION_WORDS.test(folded) && !range)
        )
          this.dates.deactivation.push(stated);
        else if (LEAVING_BEFORE.test(left)) this.dates.leaving.push(stated);
      }
      previous = hit;
    }
  }

  // ------------------------------------------------------------ type, tasks, kind

  /** Type words before any supervisor or third-party clause: "…, encadrée par un employé permanent" says nothing of her. */
  private readType(sentence: Sentence, mentions: readonly Mention[]): void {
    let { folded } = sentence;
    const cut = mentions
      .filter((m) => m.role === 'supervisor' || m.role === 'third')
      .map((m) => Math.max(0, m.start - LEFT_WINDOW));
    const sup = SUPERVISOR_WORDS.exec(folded);
    if (sup) cut.push(sup.index);
    if (cut.length) folded = folded.slice(0, Math.min(...cut));
    for (const m of folded.matchAll(TYPE_ANY)) {
      const type = TYPE_WORDS[m.slice(1).findIndex((group) => group !== undefined)]?.[0];
      if (type && !TYPE_NEGATED.test(folded.slice(Math.max(0, m.index - 20), m.index)))
        this.typeHits.add(type);
    }
    for (const [type, re] of TYPE_WORDS_PLURAL) if (re.test(folded)) this.pluralTypeHits.add(type);
  }

  private readTasks(sentence: Sentence, triggers: readonly RegExp[]): void {
    const { folded, text } = sentence;
    for (const re of triggers) {
      const m = re.exec(folded);
      if (!m) continue;
      const at = m.index + m[0].length;
      const subject = subjectBefore(folded, m.index + 1);
      if (subject !== undefined && FIRST_PERSON.has(subject)) continue;
      let rest = folded.slice(at);
      if (TASKS_NOT.test(rest)) continue;
      const end = TASKS_END.exec(rest);
      const firstDate = /\d/.test(rest) ? findDatesAt(rest)[0] : undefined;
      let stop = Math.min(end ? end.index : rest.length, firstDate ? firstDate.index : rest.length);
      rest = rest.slice(0, stop);
      let from = TASKS_LEAD.exec(rest)?.[0].length ?? 0;
      if (HELP_VERB.test(folded.slice(0, at))) {
        const preposition = HELP_PREPOSITION.exec(rest.slice(from));
        if (preposition) from += preposition.index + (/^[a-z]/.test(preposition[0]) ? 0 : 1);
      }
      stop = Math.min(stop, from + MAX_TASKS);
      // Tasks never hold a person: they stop before a name or an address ("… de livres. helene.roux@…").
      const person = /[^\s]*[#@]/.exec(folded.slice(at + from, at + stop));
      if (person) stop = from + person.index;
      const words = text
        .slice(at + from, at + stop)
        .replace(/[\s,;:.!?)(-]+$/u, '')
        .replace(/\s+(?:et|and|en|ou|or|of)$/iu, '')
        // Dutch separable verbs: "Zij neemt de aankopen over" → "de aankopen".
        .replace(/\s+(?:over|op|mee|af)$/iu, '')
        .trim();
      if ((words.match(/\p{L}/gu) ?? []).length < 3 || NO_WORK.test(foldKeepingOffsets(words))) continue;
      if (!this.tasks.some((t) => foldKeepingOffsets(t) === foldKeepingOffsets(words)))
        this.tasks.push(words);
      return;
    }
  }

  private readHint(sentence: Sentence): SentenceKind | undefined {
    const { folded } = sentence;
    let best: { kind: SentenceKind; at: number } | undefined;
    for (const [kind, re] of HINTS_ALL) {
      for (const m of folded.matchAll(re)) {
        const negated =
          HINT_NEGATED_BEFORE.test(folded.slice(Math.max(0, m.index - 12), m.index)) ||
          HINT_NEGATED_AFTER.test(folded.slice(m.index + m[0].length, m.index + m[0].length + 8));
        if (negated) continue;
        if (!best || m.index < best.at) best = { kind, at: m.index };
        break;
      }
    }
    if (best) this.hints.push(best.kind);
    return best?.kind;
  }

  // ------------------------------------------------------------ what the sentences say

  private resolve(): SentenceReading {
    const reading: SentenceReading = {
      dates: { setAside: [] },
      employeeFound: false,
      newcomer: false,
      announced: this.announced,
      several: false,
      addresses: [],
    };
    const employees = this.mentions.filter((m) => m.role === 'employee');
    const together = this.introducedTogether();
    let employee = together.length
      ? undefined
      : (chosen(employees.filter((m) => m.name)) ?? chosen(employees));
    // "Daan zal …" after "Daan Jacobs is onze stagiair": the full name the given name stands for.
    if (employee?.name && employee.name.words < 2) {
      const given = lettersOf(employee.name.name);
      const full = new Set(
        employees
          .filter((m) => (m.name?.words ?? 0) >= 2 && lettersOf(m.name!.name.split(' ')[0] ?? '') === given)
          .map(personOf),
      );
      if (full.size === 1) employee = employees.find((m) => full.has(personOf(m)) && m.name);
    }
    const taken = new Set<string>([this.context.sender ?? '', ...(this.context.notEmployee ?? [])]);
    for (const m of this.mentions)
      if (m.email && (m.role === 'supervisor' || m.role === 'third')) taken.add(m.email);

    if (employee?.name && employee.name.words >= 2) reading.fullName = employee.name.name;
    let email = employee?.email;
    if (!email && employee?.name) {
      const sameName = employees.find((m) => m.email && m.name && m.name.name === employee.name?.name);
      const addressOnly = chosen(employees.filter((m) => m.email && !m.name));
      email = sameName?.email ?? addressOnly?.email ?? this.bySurname(employee.name, taken);
    }
    if (email && !taken.has(email)) reading.email = email;
    reading.employeeFound = (!!employee && (!!reading.email || !!employee.name)) || together.length > 0;
    reading.several = together.length > 0;

    const supervisor = this.mentions.find((m) => m.role === 'supervisor' && m.email);
    const namedSender = this.mentions.find(
      (m) => m.role === 'supervisor' && !m.email && m.name && this.isSenderName(m.name),
    );
    const supervisorEmail =
      supervisor?.email ?? (this.senderSupervises || namedSender ? this.context.sender : undefined);
    if (supervisorEmail && supervisorEmail !== reading.email) reading.supervisorEmail = supervisorEmail;

    const hits = reading.several ? new Set([...this.typeHits, ...this.pluralTypeHits]) : this.typeHits;
    const type = TYPE_WORDS.map(([t]) => t).find((t) => hits.has(t));
    if (type) reading.employeeType = type;
    if (this.tasks.length) reading.tasks = this.tasks.join('; ');
    if (this.sharedName) reading.sharedName = this.sharedName;

    // A date whose clause is about someone else ("Le contrat de Marc se termine le …") is not the employee's.
    // Several newcomers together: a date said of any of them is said of the request.
    const owners = together.length ? together : employee?.name ? [employee] : [];
    const employeeNames = new Set(owners.map(personOf));
    const employeeWords = new Set(
      owners.flatMap((m) =>
        (m.name?.name ?? '')
          .split(/[\s-]+/)
          .map(lettersOf)
          .filter((w) => w.length >= 2),
      ),
    );
    const theirs = (d: StatedDate) =>
      d.owner === undefined || employeeNames.has(d.owner) || employeeWords.has(d.owner);
    const setAside = [...this.setAside];
    for (const key of Object.keys(this.dates) as StatedKey[]) {
      const stated = this.dates[key];
      // The date a closure gives for the account is read wherever it is said.
      const kept = key === 'deactivation' ? stated : stated.filter(theirs);
      if (key === 'end' || key === 'lastDay')
        for (const d of stated) if (!kept.includes(d)) setAside.push(d.reading);
      const date = agreed(kept.map((d) => d.reading));
      if (date) reading.dates[key] = date;
    }
    reading.dates.setAside = [...new Set(setAside.flatMap((d) => (d.ok ? [d.date] : [])))];
    if (reading.employeeFound && this.hints[0]) reading.kind = this.hints[0];
    reading.newcomer =
      reading.employeeFound &&
      !this.trouble &&
      (reading.several || !!reading.employeeType || !!reading.tasks || !!reading.dates.end);
    reading.addresses = this.addressUses(reading, taken);
    return reading;
  }

  /**
   * People introduced together in one sentence ("Hugo Martin (…) et Inès Benali (…)", "Jack Hill and
   * Amy Lee"), one of them as a newcomer: every mention of them, or none.
   */
  private introducedTogether(): Mention[] {
    const candidate = (m: Mention) =>
      (m.role === 'employee' || m.role === 'none') &&
      !this.isSender(m) &&
      ((m.name?.words ?? 0) >= 2 || (!!m.name && !!m.email));
    for (let i = 0; i + 1 < this.mentions.length; i++) {
      const [a, b] = [this.mentions[i]!, this.mentions[i + 1]!];
      if (a.sentence !== b.sentence || !candidate(a) || !candidate(b)) continue;
      if (a.role !== 'employee' && b.role !== 'employee') continue;
      const gap = this.sentences[a.sentence]?.folded.slice(a.end, b.start) ?? '';
      if (COORDINATED.test(gap) && personOf(a) !== personOf(b)) return [a, b];
    }
    return [];
  }

  /** Every address of the sentences with what it was taken for, the employee's first. */
  private addressUses(reading: SentenceReading, taken: ReadonlySet<string>): FoundAddress[] {
    const uses = new Map<string, AddressUse>();
    for (const m of this.mentions) {
      if (!m.email || uses.has(m.email)) continue;
      const use: AddressUse =
        m.email === reading.email
          ? 'employee'
          : m.email === reading.supervisorEmail || m.role === 'supervisor'
            ? 'supervisor'
            : taken.has(m.email)
              ? 'other'
              : 'unclear';
      uses.set(m.email, use);
    }
    const order: AddressUse[] = ['employee', 'supervisor', 'other', 'unclear'];
    return [...uses]
      .map(([email, use]) => ({ email, use }))
      .sort((a, b) => order.indexOf(a.use) - order.indexOf(b.use));
  }

  private isSenderName(name: NameSpan): boolean {
    return this.isSender({ sentence: -1, start: 0, end: 0, name, role: 'none', rank: 9 });
  }

  /** An address given apart from the name, whose local part carries the surname (thomas.leroy@… for Thomas Leroy). */
  private bySurname(name: NameSpan, taken: ReadonlySet<string>): string | undefined {
    const surname = lettersOf(name.name.split(' ').at(-1) ?? '');
    if (surname.length < 3) return undefined;
    const matching = new Set(
      this.mentions
        .filter((m) => m.email && !taken.has(m.email) && m.role !== 'third')
        .map((m) => m.email!)
        .filter((e) => (e.split('@')[0] ?? '').replace(/[^a-z]/g, '').includes(surname)),
    );
    return matching.size === 1 ? [...matching][0] : undefined;
  }
}

/** Words that say someone works, not at what: "komt tijdelijk bij ons werken" gives no tasks. */
const NO_WORK =
  /^(?:(?:tijdelijk|voltijds|deeltijds|halftijds|bij ons|hier|chez nous|ici|with us|here|voor ons|pour nous|for us)\s+)*(?:werken|meewerken|helpen|travailler|aider|work|help)$/;

/** "In vervanging van Els komt Tine …": the verb after a person named after a preposition is not theirs. */
const AFTER_PREPOSITION =
  /(?:^|[^a-z'])(?:van|of|de|d'|du|des|voor|for|pour|par|door|by|met|with|avec|aan|to|bij)\s*$/;

/** Between two people introduced together: "… (…) et …", "… and …", "… en …". */
const COORDINATED = /^\)?\s*,?\s*(?:et|and|en|&|ainsi que|as well as|evenals)\s*$/;

/** The type words as one pattern, a group per type: one pass over the sentence instead of five. */
const TYPE_ANY = new RegExp(TYPE_WORDS.map(([, re]) => `(${re.source})`).join('|'), 'g');
const HINTS_ALL = (
  [
    ['new', NEW_HINT],
    ['renewal', RENEWAL_HINT],
    ['closure', CLOSURE_HINT],
  ] as const
).map(([kind, re]) => [kind, new RegExp(re.source, 'g')] as const);

const SUPERVISOR_WORDS =
  /(?<![a-z'])(?:responsable|referente?|tut(?:eur|rice)|maitre(?:sse)? de stage|personne de (?:contact|reference)|encadree?|encadrante?|superviseu(?:r|se)|supervisee?|begeleid(?:er|ster|t|en)?|verantwoordelijke|contactpersoon|volg(?:t)? (?:haar|hem)|supervis(?:or|e|ed|es)|mentor|contact person|line manager)(?![a-z])/;

const ACCOUNT_WORD = /(?<![a-z])(?:compte|account|acces|access|toegang)(?![a-z])/;
const QUOTED = /"([^"@]{2,60})"/;
const NAMED =
  /(?<![a-z])(?:nomme|appele|intitule|genaamd|met (?:de |als )?naam|named|called|with the name|du nom de|onder de naam) "?/;

/** The name given to an account in a sentence that asks for one. */
function accountName(sentence: Sentence): string | undefined {
  const { folded, text } = sentence;
  if (!ACCOUNT_WORD.test(folded)) return undefined;
  const quoted = QUOTED.exec(folded);
  if (quoted) return text.slice(quoted.index + 1, quoted.index + 1 + (quoted[1]?.length ?? 0)).trim();
  const named = NAMED.exec(folded);
  if (!named) return undefined;
  const from = named.index + named[0].length;
  const stop = /["(),.;:?!]|\s[^\s@]+@|$/.exec(folded.slice(from, from + 60));
  const name = text.slice(from, from + (stop ? stop.index : 60)).trim();
  return /\p{Lu}/u.test(name[0] ?? '') ? name : undefined;
}

/** Reads the request part of a mail (labelled lines skipped) as sentences. Never throws; linear in the text's length. */
export function readSentences(text: string, context: SentenceContext = {}): SentenceReading {
  return new Reader(text, context).read();
}
