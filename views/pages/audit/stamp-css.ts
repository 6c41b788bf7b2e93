// The print stylesheet of one report's stamp: the audit event it was made up to at the bottom
// left of every printed page, "Page n of m" at the bottom right (CSS paged media margin boxes).
import type { Translate } from '../../../src/i18n';

/** A CSS string literal: quotes and backslashes escaped, line breaks dropped. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/[\r\n]/g, ' ')}"`;

/** A message with {page} and {pages} as a CSS content value with the page counters. */
function withCounters(message: string): string {
  return message
    .split(/(\{pages?\})/)
    .filter(Boolean)
    .map((part) =>
      part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part),
    )
    .join(' ');
}

export function stampCss(t: Translate, seq: number, hash: string): string {
  const box = 'font-size: 8pt; color: #444;';
  return `@page {
  @bottom-left { content: ${cssString(t('report.stamp.page', { seq, hash }))}; ${box} }
  @bottom-right { content: ${withCounters(t('report.stamp.pages'))}; ${box} }
}
`;
}
