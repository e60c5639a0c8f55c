import { backfillSharedIndex } from '../../../shared/app/accounts/shared-accounts';
import type { CliCommand } from '../command';

const reindex: CliCommand = {
  name: 'reindex',
  usage:
    '                                  put accounts written before the shared-account index into it (resumable)',
  async runWithContext({ ctx, io, json }) {
    let itemsRead = 0;
    let indexed = 0;
    for (;;) {
      const step = await backfillSharedIndex(ctx);
      itemsRead += step.itemsRead;
      indexed += step.indexed;
      if (step.complete) break;
      if (!json) io.err(`reindex: ${itemsRead} items read, ${indexed} shared accounts indexed so far`);
    }
    io.out(
      json
        ? JSON.stringify({ complete: true, itemsRead, indexed })
        : `shared-account index complete: ${itemsRead} items read, ${indexed} shared accounts indexed`,
    );
    return 0;
  },
};

export const PASSWORD_COMMANDS: readonly CliCommand[] = [reindex];
