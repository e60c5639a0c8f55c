/**
 * An SDK client's HTTP timeouts. `throwOnRequestTimeout`: without it the SDK only logs a warning
 * when `requestTimeout` passes and keeps waiting, so a hung connection would hold the invocation
 * until Lambda stops it instead of failing the attempt for the SDK's retry strategy to retry.
 */
export function requestTimeouts(requestTimeoutMs: number) {
  return {
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
