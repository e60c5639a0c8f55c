import type { FieldName, FieldProblem, RequestFields, RequestKind } from '../../../../shared/domain/mail';

/** One wording of a request and what must be read from it. */
export interface SentenceCase {
  name: string;
  subject: string;
  text: string;
  kind: RequestKind;
  /** Every field read, exactly (tasks: the words that must be in them). */
  fields: Record<string, string>;
  missing: string[];
  invalid?: Partial<Record<FieldName, FieldProblem>>;
}

export type { RequestFields };
