import type { ParseError } from '@aws-lambda-powertools/parser/errors';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { ValidationError } from '../errors';

/** Any schema the Powertools parser takes (zod, zod/mini: Standard Schema). */
type EventSchema = Parameters<typeof parser>[0]['schema'];

interface Issue {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[];
}

/** A parse failure as our ValidationError, one `path: message` per problem: the one place this is done. */
export function eventValidationError(what: string, error: ParseError): ValidationError {
  const issues = Array.isArray(error.cause) ? (error.cause as Issue[]) : [];
  const problems = issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
  if (!problems.length) problems.push(error.message);
  return new ValidationError(`${what}: ${problems.join('; ')}`, problems, { cause: error });
}

/**
 * The Powertools parser middleware for one event source: the handler gets the parsed event; an
 * event that does not fit fails the invocation with a ValidationError before any work starts.
 */
export function eventParser<S extends EventSchema>(schema: S, what: string) {
  return parser({
    schema,
    errorHandler: (error) => {
      throw eventValidationError(what, error);
    },
  });
}
