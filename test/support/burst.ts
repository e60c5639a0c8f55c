/** A new-personal request mail from LIB-A or LIB-B, unique per `n` (sender domain verdicts included). */
export function requestMail(n: number, messageId = `burst-${n}@lib.example`): string {
  const lib = n % 2 ? 'b' : 'a';
  const manager = lib === 'a' ? 'anne.dubois@lib-a.example' : 'koen.maes@lib-b.example';
  return [
    'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    `From: Manager <${manager}>`,
    'To: accounts@helpdesk.example.org',
    `Subject: Nouveau compte Alma ${n}`,
    `Message-ID: <${messageId}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Nom : Personne ${n}`,
    `E-mail : personne${n}@lib-${lib}.example`,
    'Statut : temporaire',
    `Responsable : ${manager}`,
    'Fin de mission : 30/06/2030',
    'Tâches : prêt',
    '',
  ].join('\r\n');
}
