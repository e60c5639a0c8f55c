import { DomUtils, parseDocument } from 'htmlparser2';
import * as z from 'zod/mini';

/** Alma's error of one answer: the first `errorList.error` entry, from a JSON or an XML body. */
export interface AlmaErrorEntry {
  code: string;
  message: string;
  trackingId: string | null;
}

const entry = z.object({
  errorCode: z.optional(z.union([z.string(), z.number()])),
  errorMessage: z.optional(z.string()),
  trackingId: z.optional(z.string()),
});
const jsonError = z.object({
  errorList: z.object({ error: z.union([z.array(entry), entry]) }),
});

function fromJson(text: string): AlmaErrorEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = jsonError.safeParse(raw);
  if (!parsed.success) return undefined;
  const list = parsed.data.errorList.error;
  const first = Array.isArray(list) ? list[0] : list;
  if (!first?.errorCode && !first?.errorMessage) return undefined;
  return {
    code: String(first.errorCode ?? 'UNKNOWN'),
    message: (first.errorMessage ?? '').trim(),
    trackingId: first.trackingId ?? null,
  };
}

/** `<web_service_result><errorList><error><errorCode>…` (Alma answers XML for some errors whatever was asked). */
function fromXml(text: string): AlmaErrorEntry | undefined {
  if (!text.trimStart().startsWith('<')) return undefined;
  const document = parseDocument(text, { xmlMode: true });
  const error = DomUtils.findOne((e) => e.name === 'error', document.children, true);
  if (!error) return undefined;
  const field = (name: string) => {
    const element = DomUtils.findOne((e) => e.name === name, error.children, true);
    return element ? DomUtils.textContent(element).trim() : undefined;
  };
  const code = field('errorCode');
  const message = field('errorMessage');
  if (!code && !message) return undefined;
  return { code: code ?? 'UNKNOWN', message: message ?? '', trackingId: field('trackingId') || null };
}

/** Alma's error code, message and tracking id from an error answer; undefined when the body holds none (a gateway page). */
export function almaErrorEntry(text: string): AlmaErrorEntry | undefined {
  return fromJson(text) ?? fromXml(text);
}
