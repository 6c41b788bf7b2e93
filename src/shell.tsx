// The page shell's props for a request: the layout around every page (views/layouts/Layout.tsx).
// One place, so a page rendered through c.render and a page assembled from a cached body
// (src/routes/page-cache.tsx) show the same navigation for the same user.
import { FlashMessage, type LayoutProps, type NavItem } from '../views/layouts/Layout';
import type { Ctx } from './http';

const NAV: NavItem[] = [
  { href: '/crises', label: 'nav.crises', roles: ['crisis_operator', 'communicatie'] },
  { href: '/mine', label: 'nav.mine', roles: ['owner'] },
  { href: '/channels', label: 'nav.channels', roles: ['communicatie', 'crisis_operator'] },
  { href: '/readiness', label: 'nav.readiness', roles: ['communicatie'] },
  { href: '/outbox', label: 'nav.outbox', roles: ['communicatie', 'crisis_operator'] },
  { href: '/audit', label: 'nav.audit', roles: ['communicatie'] },
  { href: '/reports', label: 'nav.reports', roles: ['communicatie'] },
  { href: '/users', label: 'nav.users', roles: ['communicatie'] },
  { href: '/api-tokens', label: 'nav.apiTokens', roles: ['communicatie'] },
  { href: '/sessions', label: 'nav.sessions', roles: ['communicatie', 'crisis_operator', 'owner'] },
  {
    href: '/second-factor/settings',
    label: 'nav.security',
    roles: ['communicatie', 'crisis_operator', 'owner'],
  },
];

export type ShellProps = Omit<LayoutProps, 'title' | 'children'>;

export function shellProps(c: Ctx): ShellProps {
  const flash = c.var.flash;
  return {
    locale: { t: c.var.t, lang: c.var.lang },
    user: c.var.user,
    csrfToken: c.var.csrfToken,
    flash: flash && <FlashMessage text={flash} />,
    // Before the second step nothing but that step is open: no navigation to offer.
    nav: c.var.secondFactor === 'verify' || c.var.secondFactor === 'enrol' ? [] : NAV,
    path: c.req.path,
  };
}
