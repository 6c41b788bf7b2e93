// Audit list, export, chain verification, incident reports (issue 6) and the after-exercise
// report (issue 10). Communicatie only.
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { AuditList, ChannelOptions, type ChannelChoice } from '../../views/pages/audit/AuditList';
import { AuditResults } from '../../views/pages/audit/AuditResults';
import { ExerciseReportPage } from '../../views/pages/audit/ExerciseReport';
import { CrisisReportPage } from '../../views/pages/audit/Report';
import { ReportsOverview } from '../../views/pages/audit/Overview';
import { VerifyPanel } from '../../views/pages/audit/VerifyPanel';
import { stampCss } from '../../views/pages/audit/stamp-css';
import { trailStamp } from '../domain/audit/stamp';
import { subjectNames } from '../domain/audit/names';
import { AUDIT_ACTIONS } from '../domain/audit/trail';
import { verifyTrail, type TrailReport } from '../domain/audit/verify';
import {
  csvClose,
  csvHeader,
  csvRows,
  exportBatches,
  jsonClose,
  jsonOpen,
  jsonRows,
  startExport,
  type ExportFormat,
} from '../domain/audit/export';
import { AUDIT_KINDS, auditPage, filterOptions, type AuditFilter } from '../domain/audit/query';
import { CHANNEL_SUGGESTIONS, findChannels, pickChannel } from '../domain/registry/channel-list';
import { exerciseReport } from '../domain/report/exercise';
import { crisisReport, overview } from '../domain/report/incident';
import type { AppEnv } from '../env';
import { isHtmx, partial, type Ctx } from '../http';
import { allow } from '../middleware/access';
import { getCrisis } from '../domain/crisis/crises';
import { cachedPage, changeSignature } from './page-cache';
import { f, formBody, parseWith, type FieldErrors } from '../validation';

export const auditRoutes = new Hono<AppEnv>();
export const reportRoutes = new Hono<AppEnv>();
auditRoutes.use('*', allow('communicatie'));
reportRoutes.use('*', allow('communicatie'));

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const filterForm = z.object({
  crisis: optional(f.id()),
  channel: f.optionalText(200),
  department: optional(f.id()),
  actor: optional(f.id()),
  action: optional(f.choice(AUDIT_ACTIONS)),
  kind: optional(f.choice(AUDIT_KINDS)),
  from: f.optionalDatetime(),
  until: f.optionalDatetime(),
  signins: optional(z.literal('1')),
  before: optional(f.id()),
});
const FIELDS = [
  'crisis',
  'channel',
  'department',
  'actor',
  'action',
  'kind',
  'from',
  'until',
  'signins',
] as const;

type Parsed = { channel: ChannelChoice; values: Record<string, string> } & (
  { ok: true; filter: AuditFilter; before: number | null } | { ok: false; errors: FieldErrors }
);

/** The filter fields of a query or form; "until" counts its whole minute; the channel is looked up. */
function readFilter(c: Ctx, input: Record<string, string | string[]>): Parsed {
  const values = Object.fromEntries(
    FIELDS.map((k) => [k, typeof input[k] === 'string' ? input[k] : '']),
  );
  const parsed = parseWith(c, filterForm, input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, values, channel: { candidates: [] } };
  const d = parsed.data;
  const pick = d.channel ? pickChannel(c.var.db, d.channel) : null;
  if (pick && !pick.ok) {
    return {
      ok: false,
      errors: { channel: c.var.t(pick.error, { q: d.channel! }) },
      values,
      channel: { candidates: pick.candidates },
    };
  }
  const channel = { chosen: pick?.channel, candidates: [] };
  // Links to other pages and the export carry the channel's number, whatever was typed.
  if (pick) values.channel = String(pick.channel.id);
  if (d.from && d.until && d.until < d.from)
    return {
      ok: false,
      errors: { until: c.var.t('audit.filter.untilBeforeFrom') },
      values,
      channel,
    };
  return {
    ok: true,
    values,
    before: d.before ?? null,
    channel,
    filter: {
      crisisId: d.crisis,
      channelId: pick?.channel.id,
      departmentId: d.department,
      actorUserId: d.actor,
      action: d.action,
      kind: d.kind ?? 'all',
      from: d.from,
      until: d.until && new Date(d.until.getTime() + 60_000),
      hideSignIns: !d.signins,
    },
  };
}

function listPage(
  c: Ctx,
  input: Record<string, string | string[]>,
  verify: TrailReport | null = null,
) {
  const { db, t, config } = c.var;
  const read = readFilter(c, input);
  const errorBlock = (errors: FieldErrors) => (
    <div id="audit-results" class="alert alert-error" role="alert">
      {Object.values(errors).map((e) => (
        <p>{e}</p>
      ))}
    </div>
  );
  // A results swap, unless htmx restores a page from history (that needs the whole page).
  const swap = isHtmx(c) && !c.req.header('HX-History-Restore-Request') && c.req.method === 'GET';
  if (!read.ok && swap) return partial(c, errorBlock(read.errors), 422);
  const results = (csrfToken: string) => {
    if (!read.ok) return null;
    const page = auditPage(db, read.filter, read.before);
    return (
      <AuditResults
        page={page}
        names={subjectNames(db, page.events)}
        query={read.values}
        csrfToken={csrfToken}
        paged={read.before !== null}
      />
    );
  };
  if (swap) return partial(c, results(c.var.csrfToken));
  c.status(read.ok ? 200 : 422);
  const render = (csrfToken: string) => ({
    title: t('audit.title'),
    body: (
      <AuditList
        choices={filterOptions(db)}
        channel={read.channel}
        values={read.values}
        errors={read.ok ? {} : read.errors}
        verify={verify}
        signing={!!config.checkpoint}
        csrfToken={csrfToken}
        results={results(csrfToken)}
      />
    ),
  });
  // The list as asked by its address is the same for every auditor until the trail moves on.
  if (c.req.method === 'GET' && read.ok && !verify) {
    const query = new URL(c.req.url).search;
    return cachedPage(c, { key: `audit|${query}|${changeSignature(db, config.now())}`, render });
  }
  const { title, body } = render(c.var.csrfToken);
  return c.render(body, { title });
}

auditRoutes.get('/', (c) => {
  // The channel field asks for its suggestions as you type.
  if (isHtmx(c) && c.req.header('HX-Target') === 'audit-channel-options') {
    return partial(
      c,
      <ChannelOptions
        options={findChannels(
          c.var.db,
          (c.req.query('channel') ?? '').slice(0, 200),
          CHANNEL_SUGGESTIONS,
        )}
      />,
    );
  }
  return listPage(c, c.req.query());
});

// Paced: at a million events the walk takes seconds, and other operators keep working meanwhile.
auditRoutes.post('/verify', async (c) => {
  const report = await verifyTrail(c.var.db, c.var.config.checkpoint, c.var.config.now);
  const signing = !!c.var.config.checkpoint;
  if (isHtmx(c))
    return partial(
      c,
      <VerifyPanel report={report} csrfToken={c.var.csrfToken} signing={signing} />,
    );
  return listPage(c, {}, report);
});

async function exportAudit(c: Ctx, format: ExportFormat) {
  const input = await formBody(c);
  const read = readFilter(c, input);
  if (!read.ok) return listPage(c, input);
  const { db, actor, config, t } = c.var;
  const now = config.now();
  // The export holds the sign-ins the list hides by default: left out, the chain could not verify.
  const filter = { ...read.filter, hideSignIns: false };
  const snap = startExport(db, actor, filter, format, now, config.checkpoint);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  c.header(
    'Content-Type',
    format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
  );
  c.header('Content-Disposition', `attachment; filename="audit-${stamp}.${format}"`);
  // Batch by batch: each is read, written and let go before the next is read.
  return stream(c, async (out) => {
    await out.write(format === 'csv' ? csvHeader() : jsonOpen(snap, now));
    let first = true;
    for (const batch of exportBatches(db, snap)) {
      await out.write(
        format === 'csv' ? csvRows(batch, subjectNames(db, batch), t) : jsonRows(batch, first),
      );
      first = false;
    }
    await out.write(format === 'csv' ? csvClose(snap) : jsonClose());
  });
}

auditRoutes.post('/export.csv', (c) => exportAudit(c, 'csv'));
auditRoutes.post('/export.json', (c) => exportAudit(c, 'json'));

reportRoutes.get('/', (c) => {
  const { db, config, t } = c.var;
  const exercise = c.req.query('kind') === 'exercise';
  const data = overview(db, exercise, config.rules, config.now());
  return c.render(<ReportsOverview data={data} exercise={exercise} />, {
    title: t('reports.title'),
  });
});

reportRoutes.get('/crises/:id{[0-9]+}', (c) => {
  const { db, config, t } = c.var;
  const id = Number(c.req.param('id'));
  const now = config.now();
  if (!getCrisis(db, id)) return c.notFound();
  // Read again only when the trail or the minute moved on: 300 channels take 0.1 s to report.
  return cachedPage(c, {
    key: `report|${id}|${changeSignature(db, now)}`,
    render: () => {
      const report = crisisReport(db, id, config.rules, now)!;
      return {
        title: t('report.title', { title: report.crisis.title }),
        body: (
          <CrisisReportPage
            report={report}
            generatedAt={now.toISOString()}
            stamp={trailStamp(db)}
          />
        ),
      };
    },
  });
});

// The printed pages' stamp (views/pages/audit/ReportStamp.tsx): only digits and hex get in.
const stampQuery = z.object({
  seq: z.coerce.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{12}$/),
});
reportRoutes.get('/stamp.css', (c) => {
  const query = stampQuery.safeParse(c.req.query());
  if (!query.success) return c.text('', 422);
  c.header('Content-Type', 'text/css; charset=utf-8');
  return c.body(stampCss(c.var.t, query.data.seq, query.data.hash));
});

// The after-exercise report: only for exercises (a real crisis has its incident report above).
reportRoutes.get('/exercises/:id{[0-9]+}', (c) => {
  const { db, config, t } = c.var;
  const report = exerciseReport(db, Number(c.req.param('id')), config, config.now());
  if (!report) return c.notFound();
  return c.render(
    <ExerciseReportPage
      report={report}
      generatedAt={config.now().toISOString()}
      stamp={trailStamp(db)}
    />,
    { title: t('afterExercise.title', { title: report.crisis.title }) },
  );
});
