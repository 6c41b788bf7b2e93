// Break-glass reveal of login details. The answer is the page itself, not a redirect (the
// secret must not travel through a flash or a URL), and it is never cached. /copy answers the
// password alone, as text for public/app.js to put on the clipboard: never rendered on a page.
import { Hono } from 'hono';
import { z } from 'zod';
import { RevealForm, RevealedPage } from '../../../views/pages/registry/Reveal';
import type { FormValues } from '../../../views/components/form';
import { BASES } from '../../../db/schema';
import { getCrisis } from '../../domain/crisis/crises';
import { getChannel } from '../../domain/registry/channels';
import { label } from '../../i18n';
import { revealCredentials, revealCrises } from '../../domain/vault/reveal';
import type { AppEnv } from '../../env';
import { type Ctx } from '../../http';
import { allow } from '../../middleware/access';
import { f, parseForm, type FieldErrors } from '../../validation';
import { failureErrors, idOf } from './shared';

export const revealRoutes = new Hono<AppEnv>();
revealRoutes.use('*', allow('communicatie', 'crisis_operator'));

const revealSchema = z.object({
  crisisId: z
    .preprocess((v) => (v === '' ? undefined : v), f.id().optional())
    .transform((v) => v ?? null),
  reason: f.longText(1000),
});

function noStore(c: Ctx) {
  c.header('Cache-Control', 'no-store, max-age=0');
  c.header('Pragma', 'no-cache');
}

function form(
  c: Ctx,
  values: FormValues,
  errors: FieldErrors,
  status: 200 | 403 | 404 | 422 = 200,
) {
  const channel = getChannel(c.var.db, idOf(c));
  if (!channel) return c.notFound();
  noStore(c);
  c.status(status);
  return c.render(
    <RevealForm
      channel={channel}
      crises={revealCrises(c.var.db, { userId: c.var.user!.id, channelId: channel.id })}
      csrfToken={c.var.csrfToken}
      values={values}
      errors={errors}
      mayVerify={!!c.var.user?.roles.includes('communicatie')}
    />,
    { title: c.var.t('reveal.titleFor', { name: channel.name }) },
  );
}

revealRoutes.get('/', (c) => {
  const crisisId = c.req.query('crisis') ?? '';
  return form(c, { crisisId, reason: proposedReason(c, crisisId, c.req.query('basis')) }, {});
});

/** From a takeover's case page: the reason proposed from its basis, for the operator to edit. */
function proposedReason(c: Ctx, crisisId: string, basis: string | undefined): string {
  const crisis = /^\d+$/.test(crisisId) ? getCrisis(c.var.db, Number(crisisId)) : undefined;
  if (!crisis || !basis || !(BASES as readonly string[]).includes(basis)) return '';
  const { t } = c.var;
  return t('reveal.reasonFromBasis', {
    crisis: crisis.title,
    basis: label(t, 'case.basis', basis),
  });
}

// Copy without display: the same gate, reason and audit as a reveal (`credentials.copied`).
// Errors come back as JSON ({ error }), so a script can never mistake one for the password.
revealRoutes.post('/copy', async (c) => {
  noStore(c);
  const { values: _values, ...parsed } = await parseForm(c, revealSchema);
  if (!parsed.ok) return c.json({ error: Object.values(parsed.errors)[0] }, 422);
  const { db, config, user, actor } = c.var;
  const result = revealCredentials(
    db,
    { actor, roles: user!.roles, name: user!.name },
    { channelId: idOf(c), ...parsed.data },
    config.vault,
    config.now(),
    'copied',
  );
  if (!result.ok) {
    const errors = failureErrors(c, result);
    const status = result.status === 403 || result.status === 404 ? result.status : 422;
    return c.json({ error: Object.values(errors)[0] }, status);
  }
  if (result.value.kind !== 'plain') return c.json({ error: c.var.t('copy.exercise') }, 422);
  return c.text(result.value.details.password);
});

revealRoutes.post('/', async (c) => {
  const { values, ...parsed } = await parseForm(c, revealSchema);
  if (!parsed.ok) return form(c, values, parsed.errors, 422);
  const { db, config, user, actor } = c.var;
  const result = revealCredentials(
    db,
    { actor, roles: user!.roles, name: user!.name },
    { channelId: idOf(c), ...parsed.data },
    config.vault,
    config.now(),
  );
  // form() itself answers 404 when the channel does not exist; no stored details is a message.
  if (!result.ok)
    return form(c, values, failureErrors(c, result), result.status === 403 ? 403 : 422);
  noStore(c);
  const channel = getChannel(db, idOf(c))!;
  return c.render(<RevealedPage channel={channel} revealed={result.value} />, {
    title: c.var.t('reveal.titleFor', { name: channel.name }),
  });
});
