import type { AppContext } from '../../shared/app/context';
import { handleDecisionRequest } from '../../shared/web/web-app';
import { sesStore } from './services';

/**
 * Signs in to the portal as a person does: the sign-in form posted, the link the local SES holds,
 * posted. The session cookie (`name=value`) for a Cookie header; throws when no session opened.
 */
export async function portalSession(ctx: AppContext, address: string, now: Date): Promise<string> {
  const post = (path: string, body: string) =>
    handleDecisionRequest(ctx, {
      method: 'POST',
      path,
      query: {},
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      now,
    });
  await post('/portal/sign-in', new URLSearchParams({ address }).toString());
  const token = (await sesStore())
    .filter((m) => m.destination.to.includes(address))
    .map((m) => /\/portal\/link\?t=([\w.-]+)/.exec(m.body.text ?? '')?.[1])
    .filter((t) => t !== undefined)
    .at(-1);
  const opened = await post('/portal/link', new URLSearchParams({ t: token ?? '' }).toString());
  const cookie = opened.headers['set-cookie']?.split(';')[0];
  if (opened.status !== 303 || !cookie) throw new Error(`no portal session for ${address}: ${opened.status}`);
  return cookie;
}
