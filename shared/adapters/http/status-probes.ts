import type { Config } from '../../config/schema';
import type { SecretReader, StatusProbes } from '../../domain/ports';
import { probeAlmaApi, probeAlmaUrl } from './alma-probes';
import { createStatusSource } from './status-sources';

/** The monitor's probes over HTTP: each request with the config's timeout. `fetch` is replaceable for tests. */
export function httpStatusProbes(
  config: Pick<Config, 'monitor'>,
  secrets: SecretReader,
  fetchImpl?: typeof fetch,
): StatusProbes {
  const options = { timeoutMs: config.monitor.timeoutMs, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  return {
    readExlibris: (source, environments, now) =>
      createStatusSource(source, secrets, options).read(environments, now),
    probeAlmaApi: (target) => probeAlmaApi(target, options),
    probeAlmaUrl: (target) => probeAlmaUrl(target, options),
  };
}
