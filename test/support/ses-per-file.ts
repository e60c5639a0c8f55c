import { afterAll } from 'vitest';
import { startLocalSes } from '../../local/ses-local';

/*
 * Each integration file gets its own local SES server (an outbox of its own): files run two at a
 * time, and many of them read or count what the outbox holds. aws-ses-v2-local keeps one store per
 * process, and each file runs in its own worker process: the store is the file's alone.
 */
const ses = await startLocalSes();
process.env.TEST_SES_ENDPOINT = ses.endpoint;
afterAll(() => ses.stop());
