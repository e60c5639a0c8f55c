import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { type Config, configProblems } from './schema';

export type { Config, Institution, Language } from './schema';

/** Parses and validates a config; throws ConfigError listing every problem as `path: message`. */
export function parseConfig(text: string, origin = 'config'): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${origin}: not valid JSON (${(error as Error).message})`, undefined, {
      cause: error,
    });
  }
  const { config, problems } = configProblems(raw);
  if (!config) {
    throw new ConfigError(`${origin}: ${problems.length} problem(s): ${problems.join('; ')}`, problems);
  }
  return config;
}

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return parseConfig(text, path);
}

/**
 * The institution a sender may act for: listed manager first, then sender domain (the part after
 * the last `@`). The config refuses a manager or a domain in two institutions, so there is one.
 */
export function institutionOfSender(config: Config, sender: string) {
  const address = sender.toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return (
    config.institutions.find((i) => i.managers.includes(address)) ??
    config.institutions.find((i) => i.senderDomains.some((d) => d.toLowerCase() === domain))
  );
}
