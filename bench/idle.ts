// The open crisis's pages one at a time on the idle server, as built: before the load, because the
// write route then adds thousands of contact attempts to that crisis (853 events as built; the
// report grows with them). The incident report's time and size for one request.
import { kb } from './report';
import { singlePage, type SinglePage } from './single';

export type IdleFigures = {
  /** The open crisis's audit events when measured. */
  crisisEvents: number;
  reportPage: SinglePage | null;
};

export type IdleOptions = {
  origin: string;
  cookie: string;
  crisisId: number;
  crisisEvents: number;
  serverCpuSeconds: () => number;
  /** run.ts's --only: this runs when it names it (`report-page`) or is not given. */
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
  return { crisisEvents: o.crisisEvents, reportPage };
}

export function idleText(f: IdleFigures): string {
  const lines: string[] = [];
  const r = f.reportPage;
  if (r)
    lines.push(
      `\nIncident report of the open crisis (${f.crisisEvents.toLocaleString('en')} events), one request at a time on the idle server: ${r.wallMs.median} ms (median of ${r.requests}; ${r.wallMs.min}-${r.wallMs.max}), server CPU ${r.serverCpuMsPerRequest} ms/request; HTML ${kb(r.htmlBytes)} unpacked, ${kb(r.gzipBytes)} gzip on the wire${r.status === 200 ? '' : ` (status ${r.status})`}`,
    );
  return lines.join('\n');
}
