import { ValidationError } from '../../../shared/errors';
import type { CliCommand } from '../command';

/** The portal's upkeep: list keys for items written before it; ending an address's sessions. */
const reindex: CliCommand = {
  name: 'portal reindex',
  usage:
    '[--json]                  write the portal list keys onto accounts, requests and forwarded mail written before it',
  async runWithContext({ ctx, io, json }) {
    const counts = await ctx.portal.addListKeys(ctx.config.institutions.map((i) => i.code));
    io.out(
      json
        ? JSON.stringify(counts)
        : `${counts.accounts} account(s), ${counts.requests} request(s), ${counts.forwarded} forwarded mail(s) given list keys`,
    );
    return 0;
  },
};

const revoke: CliCommand = {
  name: 'portal revoke',
  usage: 'EMAIL [--json]              end every portal session of an address',
  check: ({ args }) => {
    if (!args[0]?.includes('@')) throw new ValidationError('portal revoke: give an e-mail address');
  },
  async runWithContext({ ctx, io, json, args }) {
    const ended = await ctx.portal.revokeSessionsOf(args[0]!);
    io.out(json ? JSON.stringify({ ended }) : `${ended} session(s) ended`);
    return 0;
  },
};

export const PORTAL_COMMANDS: readonly CliCommand[] = [reindex, revoke];
