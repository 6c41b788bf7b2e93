// CSV export and import of the registry. The import takes an uploaded file or cells pasted
// from a spreadsheet, and writes every row or none.
import { Hono } from 'hono';
import { ImportPage } from '../../../views/pages/registry/Import';
import { CSV_MAX_BYTES, decodeCsvBytes } from '../../domain/lib/csv';
import { importRegistry } from '../../domain/registry/csv-import';
import { exportCsv } from '../../domain/registry/csv';
import type { AppEnv } from '../../env';
import { redirectTo, setFlash } from '../../http';
import { toBrusselsLocal } from '../../i18n/format';
import { allow } from '../../middleware/access';

export const csvRoutes = new Hono<AppEnv>();
csvRoutes.use('*', allow('communicatie'));

csvRoutes.get('/export.csv', (c) => {
  const { db, config } = c.var;
  const day = toBrusselsLocal(config.now()).slice(0, 10);
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="kanalenregister-${day}.csv"`);
  return c.body(exportCsv(db));
});

csvRoutes.get('/import', (c) =>
  c.render(<ImportPage csrfToken={c.var.csrfToken} errors={[]} />, {
    title: c.var.t('csv.import'),
  }),
);

csvRoutes.post('/import', async (c) => {
  const { db, actor, config, t, csrfToken } = c.var;
  const body = await c.req.parseBody();
  const file = body.file;
  const fromFile = typeof file === 'object' && file.size > 0 ? file : null;
  const size = fromFile ? fromFile.size : typeof body.csv === 'string' ? body.csv.length : 0;
  const render = (node: ReturnType<typeof ImportPage>) => {
    c.status(422);
    return c.render(node, { title: t('csv.import') });
  };
  if (size === 0)
    return render(<ImportPage csrfToken={csrfToken} errors={[]} formError={t('csv.nothing')} />);
  if (size > CSV_MAX_BYTES)
    return render(
      <ImportPage csrfToken={csrfToken} errors={[]} formError={t('csv.tooBig', { max: '2 MB' })} />,
    );
  const text = fromFile
    ? decodeCsvBytes(new Uint8Array(await fromFile.arrayBuffer()))
    : String(body.csv);
  const result = importRegistry(db, actor, text, config.now());
  if (!result.ok) return render(<ImportPage csrfToken={csrfToken} errors={result.errors} />);
  setFlash(c, 'csv.done', { ...result.summary });
  return redirectTo(c, '/channels');
});
