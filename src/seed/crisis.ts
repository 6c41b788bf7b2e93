// The demo's past crisis: a storm twelve days ago, walked through Article 2 with the same domain
// functions the console uses, so the board, the timeline and the audit show every basis, a hold,
// an acute message that went out in time and one that did not, and a closed crisis.
// Its audit events carry the storm's times; they follow the registry's in the chain.
import { eq } from 'drizzle-orm';
import { channels, users, type ContactMeans } from '../../db/schema';
import { makeConfig } from '../config';
import { meansAvailable, type Rules } from '../domain/crisis/article2';
import type { Actor } from '../domain/audit/trail';
import {
  addChannelsToCrisis,
  closeCrisis,
  declareCrisis,
  joinCrisis,
} from '../domain/crisis/crises';
import type { Db } from '../domain/lib/db';
import { releaseHold } from '../domain/crisis/holds';
import type { Result } from '../domain/lib/result';
import {
  authoriseAcute,
  authoriseConflicting,
  authoriseUnreachable,
  handBack,
  logChannelAction,
  recordContactAttempt,
} from '../domain/crisis/takeover';
import { ownersOfChannel } from '../domain/registry/channels';

const MIN = 60_000;

function unwrap<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`demo crisis: ${what}: ${r.error}`);
  return r.value;
}

export function seedCrisis(db: Db, now: Date, rules: Rules = makeConfig().rules): void {
  const operator = (email: string): Actor => {
    const user = db.select().from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`demo crisis: no user ${email}`);
    return { userId: user.id, role: 'crisis_operator' };
  };
  const jef = operator('operator@demo.invalid');
  const ahmed = operator('crisiscel@demo.invalid');
  const start = new Date(Math.floor((now.getTime() - 12 * 1440 * MIN) / MIN) * MIN);
  const at = (minutes: number) => new Date(start.getTime() + minutes * MIN);

  const crisis = unwrap(
    declareCrisis(
      db,
      jef,
      {
        title: 'Zware storm: parken dicht, evenementen afgelast',
        description:
          'Windstoten tot 110 km/u. Bomen op de weg in het centrum, Stadspark en Warande afgesloten, alle buitenevenementen van het weekend afgelast.',
        startedAt: start,
        impact: 'major',
        crisisCell: {
          lead: 'Burgemeester (noodplanning: Kris Van Hove)',
          convenedAt: at(20),
          decisionRef: 'CC-2026-031',
        },
      },
      at(25),
    ),
    'declare',
  );
  unwrap(joinCrisis(db, ahmed, crisis.id, at(27)), 'join');

  const byHandle = (handle: string) =>
    db.select().from(channels).where(eq(channels.handle, handle)).get();
  const picked = [
    'https://www.facebook.com/cultuurhuisdeschakel',
    'https://www.facebook.com/evenemententurnhout.demo',
    'https://www.facebook.com/sportturnhout.demo',
    'https://www.facebook.com/zwembaddegolf.demo',
    'https://www.facebook.com/mobiliteitturnhout.demo',
    '@fietsstadturnhout',
    'https://www.facebook.com/bibturnhout.demo',
  ].map((h) => byHandle(h));
  // Fallback when the registry's handles change: the first channels of the registry.
  const list = picked.every(Boolean)
    ? picked.map((c) => c!)
    : db.select().from(channels).limit(7).all();
  const added = unwrap(
    addChannelsToCrisis(
      db,
      jef,
      { crisisId: crisis.id, channelIds: list.map((c) => c.id) },
      at(30),
    ),
    'channels',
  ).added;
  const cases = list.map((c) => ({
    channel: c,
    kase: added.find((k) => k.channelId === c.id)!,
    version: 1,
  }));
  const [schakel, evenementen, sport, zwembad, mobiliteit, fietsstad, bib] = cases as [
    (typeof cases)[0],
    ...typeof cases,
  ];

  const attempt = (
    c: (typeof cases)[0],
    actor: Actor,
    ownerIndex: number,
    means: ContactMeans,
    outcome: Parameters<typeof recordContactAttempt>[2]['outcome'],
    minute: number,
    note = '',
  ) => {
    const owner = ownersOfChannel(db, c.channel.id)[ownerIndex];
    if (!owner) return;
    c.version = unwrap(
      recordContactAttempt(
        db,
        actor,
        { caseId: c.kase.id, version: c.version, ownerId: owner.id, means, outcome, note },
        at(minute),
      ),
      'attempt',
    ).case.version;
  };
  const act = (
    c: (typeof cases)[0],
    kind: 'published' | 'hid_post' | 'answered_comments' | 'other',
    note: string,
    minute: number,
  ) => {
    c.version = unwrap(
      logChannelAction(
        db,
        ahmed,
        { caseId: c.kase.id, version: c.version, kind, note },
        at(minute),
      ),
      'action',
    ).version;
  };
  const back = (c: (typeof cases)[0], note: string, minute: number) => {
    c.version = unwrap(
      handBack(db, jef, { caseId: c.kase.id, version: c.version, note }, at(minute)),
      'hand back',
    ).version;
  };

  // Exception 2: a scheduled post for tonight's open-air concert, held, then the owner contacted.
  const held = unwrap(
    authoriseConflicting(
      db,
      ahmed,
      {
        caseId: schakel!.kase.id,
        version: 1,
        postState: 'scheduled',
        postRef: 'Meta Business Suite, ingepland bericht "Openluchtconcert vanavond!"',
        scheduledFor: at(240),
        conflict:
          'Kondigt het openluchtconcert van vanavond aan; alle buitenevenementen zijn afgelast.',
        action: 'put_on_hold',
      },
      at(34),
      rules,
    ),
    'conflicting',
  );
  schakel!.version = held.case.version;
  attempt(
    schakel!,
    ahmed,
    0,
    'phone',
    'reached_owner_agrees',
    46,
    'Sofie past de aankondiging zelf aan zodra de storm voorbij is.',
  );
  unwrap(
    releaseHold(
      db,
      jef,
      {
        holdId: held.hold.id,
        version: 1,
        outcome: 'corrected',
        note: 'Aangepast naar "Concert verplaatst naar 14 december".',
      },
      at(300),
    ),
    'release',
  );
  back(schakel!, 'Ingeplande berichten nagekeken; het kanaal is weer van jullie.', 310);

  // Exception 1: the cancellation must be out within the hour, and it was.
  evenementen!.version = unwrap(
    authoriseAcute(
      db,
      jef,
      {
        caseId: evenementen!.kase.id,
        version: 1,
        deadline: at(95),
        justification:
          'Afgelasting van de kerstmarkt en de wandelzoektocht moet online vóór de bezoekers vertrekken.',
      },
      at(38),
      rules,
    ),
    'acute',
  ).version;
  act(evenementen!, 'published', 'Bericht: alle buitenevenementen dit weekend afgelast.', 61);
  act(
    evenementen!,
    'answered_comments',
    'Vragen over terugbetaling doorverwezen naar de ticketbalie.',
    140,
  );
  back(evenementen!, 'Storm voorbij; reacties beantwoord tot 17 uur.', 420);

  // Default: the first owner does not answer, the back-up agrees.
  attempt(sport!, jef, 0, 'phone', 'no_answer', 40);
  attempt(
    sport!,
    jef,
    1,
    'phone',
    'reached_owner_agrees',
    44,
    'Lien vraagt om ook de sporthallen te vermelden.',
  );
  act(sport!, 'published', 'Sporthallen en buitenterreinen gesloten tot maandag.', 58);
  back(sport!, 'Sluitingen opgeheven; kanaal terug naar de sportdienst.', 1500);

  // Default: the owner handles it.
  attempt(
    zwembad!,
    jef,
    0,
    'phone',
    'reached_owner_handles',
    42,
    'Jonas zet zelf de sluiting online.',
  );

  // Exception 3: every owner tried twice, by two means where they have them.
  for (const [i, owner] of ownersOfChannel(db, mobiliteit!.channel.id).entries()) {
    const means = meansAvailable(owner);
    attempt(mobiliteit!, jef, i, means[0] ?? 'in_person', 'no_answer', 48 + i);
    attempt(mobiliteit!, jef, i, means[1] ?? means[0] ?? 'in_person', 'voicemail', 55 + i);
  }
  mobiliteit!.version = unwrap(
    authoriseUnreachable(
      db,
      jef,
      { caseId: mobiliteit!.kase.id, version: mobiliteit!.version },
      at(60),
      rules,
    ),
    'unreachable',
  ).version;
  act(
    mobiliteit!,
    'published',
    'Omleidingen: Gasthuisstraat en Warandestraat afgesloten door omgewaaide bomen.',
    66,
  );
  back(mobiliteit!, 'Wegen vrij; de dienst mobiliteit neemt over.', 900);

  // No registered owner: unreachable by definition.
  fietsstad!.version = unwrap(
    authoriseUnreachable(db, ahmed, { caseId: fietsstad!.kase.id, version: 1 }, at(70), rules),
    'no owner',
  ).version;
  act(fietsstad!, 'published', 'Fietsers: vermijd het Stadspark en de Warande.', 75);
  back(
    fietsstad!,
    'Gedaan. Let op: dit kanaal heeft nog steeds geen beheerder in het register.',
    905,
  );

  // Exception 1 again, but the message went out after its deadline (an audit finding).
  bib!.version = unwrap(
    authoriseAcute(
      db,
      ahmed,
      {
        caseId: bib!.kase.id,
        version: 1,
        deadline: at(110),
        justification:
          'Voorleesnamiddag in het Stadspark moet verplaatst worden vóór de ouders vertrekken.',
      },
      at(65),
      rules,
    ),
    'acute late',
  ).version;
  act(bib!, 'published', 'Voorleesnamiddag verplaatst naar de bibliotheek zelf.', 118);
  back(bib!, 'Activiteit doorgegaan binnen; kanaal terug.', 600);

  unwrap(closeCrisis(db, jef, { crisisId: crisis.id, version: 1 }, at(1560)), 'close');
}
