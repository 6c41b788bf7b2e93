// Once for the browser suite: check that a Chromium is installed (never download one), start a
// real SMTP peer (so owner notifications are really sent) and the console on it. Both are
// stopped when the suite ends, also after a failure. E2E_LOG=1 prints the console's output.
import type { TestProject } from 'vitest/node';
import { findChromium } from '../../scripts/chromium';
import { startSmtp } from '../fixtures/smtp';
import { startConsole } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  const smtp = await startSmtp();
  const server = await startConsole({
    SMTP_URL: smtp.url,
    SCRYPT_N: '1024',
    ESCALATION_STEP_MINUTES: '0',
  }).catch(async (err: unknown) => {
    await smtp.stop();
    throw err;
  });
  console.log(
    `console (pid ${server.pid}) ready at ${server.url} after ${Math.round(server.startMs)} ms; SMTP peer on ${smtp.port}`,
  );
  project.provide('baseUrl', server.url);
  project.provide('chromiumPath', chromiumPath);
  return async () => {
    await server.stop();
    await smtp.stop();
    if (process.env.E2E_LOG) console.log(server.log());
  };
}
