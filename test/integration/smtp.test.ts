import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpInbound } from '../../local/smtp-inbound';
import { FileRawMailStore } from '../../shared/adapters/files/raw-mail-store';
import type { AppContext } from '../../shared/app/context';
import type { IngestResult } from '../../shared/app/inbound/ingest-result';
import { requestMail } from '../support/burst';
import { testConfig, testContext } from '../support/context';

describe('the local request mailbox over a real SMTP socket', () => {
  let ctx: AppContext;
  let smtp: Awaited<ReturnType<typeof startSmtpInbound>>;
  const results: IngestResult[] = [];

  beforeAll(async () => {
    ctx = await testContext(testConfig());
    smtp = await startSmtpInbound(
      ctx,
      new FileRawMailStore(mkdtempSync(join(tmpdir(), 'alma-smtp-'))),
      0,
      (r) => results.push(r),
    );
  });
  afterAll(() => smtp.stop());

  it('processes a burst of 60 deliveries on 6 connections: none lost, none doubled', async () => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      pool: true,
      maxConnections: 6,
      ignoreTLS: true,
    });
    const send = (n: number) =>
      transport.sendMail({
        envelope: { from: 'x@lib.example', to: ['accounts@helpdesk.example.org'] },
        raw: requestMail(n),
      });
    const answers = await Promise.all([...Array.from({ length: 60 }, (_, n) => send(n)), send(7), send(8)]);
    transport.close();
    expect(answers.every((a) => a.response.startsWith('250'))).toBe(true);
    expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(60);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(2);
    const a = await ctx.accounts.listByInstitution('LIB-A');
    const b = await ctx.accounts.listByInstitution('LIB-B');
    expect(a.items.length + b.items.length).toBe(60);
  }, 120_000);

  it('stands in for SES: SPF passes for the envelope sender only, so a From aligned with it is trusted and a forged one is not', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: smtp.port, ignoreTLS: true });
    const manager = ctx.config.institutions[0]!.managers[0]!;
    const domain = manager.split('@')[1]!;
    const body = [
      'Nouveau compte Alma',
      '',
      'Nom : Local Person',
      `E-mail : local.person@${domain}`,
      'Statut : permanent',
      'Tâches : prêt',
    ];
    const message = (id: string) => ({
      from: manager,
      to: 'accounts@helpdesk.example.org',
      subject: 'Nouveau compte Alma',
      text: body.slice(2).join('\n'),
      messageId: `<${id}@${domain}>`,
    });
    results.length = 0;
    await transport.sendMail({
      ...message('aligned'),
      envelope: { from: `bounce@${domain}`, to: ['accounts@helpdesk.example.org'] },
    });
    await transport.sendMail({
      ...message('forged'),
      envelope: { from: 'someone@evil.example', to: ['accounts@helpdesk.example.org'] },
    });
    transport.close();
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ['accepted', null],
      ['rejected', 'not verified: not-aligned'],
    ]);
  });
});
