import { type CalendarDate, parseCalendarDate } from '../../../shared/domain/calendar';
import { ValidationError } from '../../../shared/errors';

/** A `--name YYYY-MM-DD` option; a clear error for anything else. */
export function dateOption(value: string | undefined, name: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  const date = parseCalendarDate(value);
  if (!date) throw new ValidationError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return date;
}

/** The CLI user, as history records the actor. */
export function cliActor(): string {
  return `cli:${process.env.USER ?? 'unknown'}`;
}
