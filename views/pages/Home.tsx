import type { Role } from '../../db/schema';
import type { JoinedCrisis } from '../../src/domain/crisis/joined';
import type { Tally } from '../../src/domain/report/readiness';
import type { TakenOver as TakenOverItem } from '../../src/domain/notify/owner-summary';
import { label } from '../../src/i18n';
import { TakenOver } from '../partials/owner/TakenOver';
import { useLocale } from '../i18n';

export type HomeProps = {
  name: string;
  roles: Role[];
  /** Crisis operators: the open crises they joined. */
  crises?: JoinedCrisis[];
  /** Communicatie: readiness over every channel. */
  readiness?: Tally;
  /** Owners: their channels taken over now, per open crisis. */
  takenOver?: TakenOverItem[];
};

function OpenCrises({ crises }: { crises: JoinedCrisis[] }) {
  const { t } = useLocale();
  return (
    <section aria-labelledby="home-crises">
      <h2 id="home-crises">{t('home.crises.title')}</h2>
      {crises.length === 0 && <p class="muted">{t('home.crises.none')}</p>}
      <ul class="plain">
        {crises.map(({ crisis, channels, late }) => (
          <li class="card">
            <a href={`/crises/${crisis.id}`}>
              <strong>{crisis.title}</strong>
            </a>
            <p class={late ? 'late-flag' : 'muted'}>
              {late > 0 && (
                <>
                  <strong class="badge badge-bad">
                    {t('crisis.board.lateCount', { n: late })}
                  </strong>{' '}
                </>
              )}
              {t('crisis.list.cases', { n: channels })}
            </p>
          </li>
        ))}
      </ul>
      <p>
        <a class="button primary" href="/crises/new">
          {t('crisis.list.declare')}
        </a>
      </p>
    </section>
  );
}

function ReadinessGlance({ tally }: { tally: Tally }) {
  const { t } = useLocale();
  return (
    <section aria-labelledby="home-readiness">
      <h2 id="home-readiness">{t('readiness.title')}</h2>
      <p class={tally.score === 100 ? 'status-ok' : 'status-warn'}>
        {t('home.readiness', { score: tally.score, ready: tally.ready, channels: tally.channels })}{' '}
        <a href="/readiness">{t('home.readiness.link')}</a>
      </p>
    </section>
  );
}

export function Home({ name, roles, crises, readiness, takenOver }: HomeProps) {
  const { t } = useLocale();
  return (
    <section>
      <h1>{t('home.welcome', { name })}</h1>
      {takenOver && <TakenOver items={takenOver} link />}
      <p>{t('home.roles', { roles: roles.map((r) => label(t, 'role', r)).join(', ') })}</p>
      {crises && <OpenCrises crises={crises} />}
      {readiness && <ReadinessGlance tally={readiness} />}
      {roles.map((r) => (
        <p class="role-intro">{t(`home.${r}`)}</p>
      ))}
    </section>
  );
}
