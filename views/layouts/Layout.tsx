// The page shell. Navigation follows the user's roles; the only scripts are same-origin files,
// so the Content-Security-Policy needs no 'unsafe-inline'.
import type { Child } from 'hono/jsx';
import type { Language, Role } from '../../db/schema';
import type { MessageKey } from '../../src/i18n';
import { Csrf } from '../components/form';
import { Locale, type ViewLocale } from '../i18n';

export type NavItem = { href: string; label: MessageKey; roles: Role[] };
export type LayoutProps = {
  title: string;
  locale: ViewLocale;
  user: { name: string; roles: Role[] } | null;
  csrfToken: string;
  /** The flash message as rendered by FlashMessage, or nothing. */
  flash: Child;
  nav: NavItem[];
  path: string;
  banner?: Child;
  children: Child;
};

// htmx 2 reads this: no eval, no inline indicator styles (CSP), and swap 409/422 responses,
// which carry the form with its messages.
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  // Settling copies `style` attributes, which the CSP (style-src 'self') refuses.
  attributesToSettle: ['class', 'width', 'height'],
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '409', swap: true },
    { code: '422', swap: true },
    { code: '429', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
});

/** What a redirect after a form left to say ("Poging geregistreerd."). */
export const FlashMessage = ({ text }: { text: string }) => (
  <div class="alert alert-ok" role="status">
    {text}
  </div>
);

export function Layout(p: LayoutProps) {
  const { t, lang } = p.locale;
  const other: Language = lang === 'nl' ? 'en' : 'nl';
  const items = p.user ? p.nav.filter((n) => n.roles.some((r) => p.user!.roles.includes(r))) : [];
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${p.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': p.csrfToken })}>
        <a class="skip" href="#main">
          {t('app.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {p.user && (
            <nav aria-label={t('nav.label')}>
              <ul>
                {items.map((n) => (
                  <li>
                    <a
                      href={n.href}
                      aria-current={
                        p.path === n.href || p.path.startsWith(`${n.href}/`) ? 'page' : undefined
                      }
                    >
                      {t(n.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="who">
            {p.user && <span class="muted">{t('nav.signedInAs', { name: p.user.name })}</span>}
            <form method="post" action="/language" class="inline">
              <Csrf token={p.csrfToken} />
              <input type="hidden" name="lang" value={other} />
              <input type="hidden" name="back" value={p.path} />
              <button type="submit" class="link" lang={other}>
                {t('nav.language')}
              </button>
            </form>
            {p.user && (
              <form method="post" action="/sign-out" class="inline">
                <Csrf token={p.csrfToken} />
                <button type="submit" class="link">
                  {t('nav.signOut')}
                </button>
              </form>
            )}
          </div>
        </header>
        {p.banner}
        <main id="main" tabindex={-1}>
          {p.flash}
          <Locale.Provider value={p.locale}>{p.children}</Locale.Provider>
        </main>
      </body>
    </html>
  );
}
