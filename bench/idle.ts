// The open crisis's pages one at a time on the idle server, as built: before the load, because the
// write route then adds thousands of contact attempts to that crisis (853 events as built; the
// report grows with them). The incident report's time and size for one request, and the crisis
// board, the busiest case and the report in a real browser (browser.ts).
import { browserTable, browserTimings, type BrowserFigures } from './browser';
import { kb } from './report';
import { singlePage, type SinglePage } from './single';

export type IdleFigures = {
  /** The open crisis's audit events when measured. */
  crisisEvents: number;
  reportPage: SinglePage | null;
  browser: BrowserFigures | null;
};

export type IdleOptions = {
  origin: string;
  cookie: string;
  crisisId: number;
  caseId: number;
  crisisEvents: number;
  serverCpuSeconds: () => number;
  /** run.ts's --only: these run when it names them (`report-page`, `browser`) or is not given. */
  only?: string;
  say: (line: string) => void;
};

export async function idleFigures(o: IdleOptions): Promise<IdleFigures> {
  const wanted = (key: string) => !o.only || o.only.split(',').includes(key);
  const report = { name: 'incident report, open crisis', path: `/reports/crises/${o.crisisId}` };
  let reportPage: SinglePage | null = null;
  if (wanted('report-page')) {
    o.say('  incident report, one request at a time ...');
    reportPage = await singlePage(report.name, report.path, {
      origin: o.origin,
      headers: { Cookie: o.cookie },
      serverCpuSeconds: o.serverCpuSeconds,
      requests: 7,
    });
  }
  let browser: BrowserFigures | null = null;
  if (wanted('browser')) {
    o.say('  crisis board, case page and incident report in Chromium ...');
    browser = await browserTimings({
      origin: o.origin,
      cookie: o.cookie,
      pages: [
        { name: 'crisis board', path: `/crises/${o.crisisId}` },
        { name: 'case page', path: `/crises/${o.crisisId}/cases/${o.caseId}` },
        report,
      ],
    });
  }
  const figures = { crisisEvents: o.crisisEvents, reportPage, browser };
  // Printed now as well as beside the load figures: a run that fails later still shows them.
  o.say(idleText(figures));
  return figures;
}

export function idleText(f: IdleFigures): string {
  const lines: string[] = [];
  const r = f.reportPage;
  if (r)
    lines.push(
      `\nIncident report of the open crisis (${f.crisisEvents.toLocaleString('en')} events), first request (renders it) ${r.firstMs} ms, then one request at a time on the idle server: ${r.wallMs.median} ms (median of ${r.requests}; ${r.wallMs.min}-${r.wallMs.max}), server CPU ${r.serverCpuMsPerRequest} ms/request; HTML ${kb(r.htmlBytes)} unpacked, ${kb(r.gzipBytes)} gzip on the wire${r.status === 200 ? '' : ` (status ${r.status})`}`,
    );
  if (f.browser) lines.push(`\n${browserTable(f.browser)}`);
  return lines.join('\n');
}
