// The CSV import page: upload a file (or paste cells from a spreadsheet), and on failure the
// rows that did not pass, each with its column and message. Nothing is written then.
import {
  CHANNEL_COLUMNS,
  MAX_IMPORT_ROWS,
  REQUIRED_COLUMNS,
  type ImportSummary,
  type RowError,
} from '../../../src/domain/registry/csv';
import { Csrf } from '../../components/form';
import { useLocale } from '../../i18n';

type Props = { csrfToken: string; errors: RowError[]; formError?: string; summary?: ImportSummary };

export function ImportPage({ csrfToken, errors, formError, summary }: Props) {
  const { t } = useLocale();
  return (
    <section>
      <h1>{t('csv.import')}</h1>
      {summary && (
        <div class="alert alert-ok" role="status">
          <p>{t('csv.done', { ...summary })}</p>
        </div>
      )}
      {formError && (
        <div class="alert alert-error" role="alert" tabindex={-1}>
          <p>{formError}</p>
        </div>
      )}
      {errors.length > 0 && (
        <div class="alert alert-error" role="alert" tabindex={-1}>
          <p>{t('csv.failed', { n: errors.length })}</p>
          <table class="table">
            <thead>
              <tr>
                <th>{t('csv.line')}</th>
                <th>{t('csv.column')}</th>
                <th>{t('csv.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e) => (
                <tr>
                  <td data-label={t('csv.line')}>{e.line}</td>
                  <td data-label={t('csv.column')}>{e.column ?? '—'}</td>
                  <td data-label={t('csv.problem')}>{t(e.message, e.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="card">
        <p>{t('csv.intro', { max: MAX_IMPORT_ROWS })}</p>
        <p>
          {t('csv.columns', {
            required: REQUIRED_COLUMNS.join(', '),
            all: CHANNEL_COLUMNS.join(', '),
          })}
        </p>
        <p>{t('csv.owners')}</p>
        <p>{t('csv.noSecrets')}</p>
        <p>
          <a href="/registry/export.csv" download>
            {t('csv.exportTemplate')}
          </a>
        </p>
      </div>
      <form method="post" action="/registry/import" enctype="multipart/form-data" novalidate>
        <Csrf token={csrfToken} />
        <div class="field">
          <label for="f-file">{t('csv.file')}</label>
          <input id="f-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" />
        </div>
        <div class="field">
          <label for="f-csv">{t('csv.paste')}</label>
          <textarea id="f-csv" name="csv" rows={6}></textarea>
        </div>
        <button type="submit" class="primary">
          {t('csv.submit')}
        </button>
      </form>
    </section>
  );
}
