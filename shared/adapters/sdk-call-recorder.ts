/**
 * Every AWS SDK command a function's code sends, as the IAM test needs it: the service, the
 * command and its input (the test turns the input into the IAM action and resource ARN). The
 * middleware sits on every client the adapters create and does nothing until a test sets a
 * sink (test/infra/iam-calls.test.ts), so deployed functions pay one no-op call per request.
 */
export interface SdkCall {
  /** The SDK client's name, e.g. `DynamoDBClient`. */
  client: string;
  /** The command's name, e.g. `GetItemCommand`. */
  command: string;
  /** The command's input as sent (after lib-dynamodb marshalling). */
  input: Record<string, unknown>;
}

let sink: ((call: SdkCall) => void) | undefined;

/** Sends every later SDK command to `onCall`; `undefined` stops recording. */
export function recordSdkCalls(onCall: ((call: SdkCall) => void) | undefined): void {
  sink = onCall;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/** Adds the recording middleware to a client (once; the name makes a second add replace the first). */
export function withCallRecorder<C extends object>(client: C): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      sink?.({
        client: context.clientName ?? 'unknown',
        command: context.commandName ?? 'unknown',
        input: args.input as Record<string, unknown>,
      });
      return next(args);
    },
    { step: 'initialize', name: 'almaSdkCallRecorder', override: true },
  );
  return client;
}
