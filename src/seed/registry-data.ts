// Invented people and channels for the demo registry (src/seed/registry.ts). Phones are in the
// Belgian mobile format, addresses on the reserved .invalid domain.
import type { Language, Platform } from '../../db/schema';

type DemoOwner = {
  name: string;
  department: string;
  phone?: string;
  email?: string;
  alt?: string;
  language?: Language;
  linkDemoUser?: boolean;
};
type DemoChannel = {
  platform: Platform;
  name: string;
  handle: string;
  department: string;
  purpose: string;
  owners: string[];
  /** Days since the last publication. */
  silentDays: number;
  exemption?: { reason: string; daysLeft: number };
  /** ok, or a deliberate readiness problem. */
  access?: 'none' | 'stale' | 'old' | 'revealed';
};

const mail = (name: string) =>
  `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]+/g, '.')}@demo.invalid`;
const owner = (
  name: string,
  department: string,
  phone: string,
  extra: Partial<DemoOwner> = {},
): DemoOwner => ({ name, department, phone, email: mail(name), ...extra });

export const DEMO_OWNERS: DemoOwner[] = [
  owner('Nele Claes', 'Communicatie', '+32 470 21 43 65'),
  owner('Tom Vermeulen', 'Communicatie', '+32 471 38 19 02', { alt: 'Teams: tom.vermeulen' }),
  owner('Sofie Janssens', 'Cultuur', '+32 472 55 10 87', { linkDemoUser: true }),
  owner('Bram De Smet', 'Cultuur', '+32 473 90 12 44'),
  owner('Emma Maes', 'Cultuur', '+32 474 61 72 30', { alt: '+32 14 40 90 11 (bureau)' }),
  owner('Jonas Wouters', 'Sport', '+32 475 14 25 36'),
  owner('Lien Peeters', 'Sport', '+32 476 47 58 69'),
  owner('Arne Jacobs', 'Jeugd', '+32 477 80 91 02'),
  owner('Fien Mertens', 'Jeugd', '+32 478 13 24 35', { alt: 'Signal: +32 478 13 24 35' }),
  owner('Hilde Goossens', 'Bibliotheek', '+32 479 46 57 68'),
  owner('Koen Aerts', 'Bibliotheek', '+32 484 79 80 91'),
  owner('Ellen Van Dyck', 'Toerisme', '+32 485 12 23 34'),
  owner('Wout Hermans', 'Toerisme', '+32 486 45 56 67'),
  owner('Marieke Verlinden', 'Welzijn', '+32 487 78 89 90'),
  owner('Yusuf Demir', 'Welzijn', '+32 488 11 22 33', { language: 'en' }),
  // Deliberate readiness problem: no phone and no e-mail recorded.
  { name: 'Pieter Wouters', department: 'Mobiliteit', alt: 'via het onthaal van het stadhuis' },
  owner('Ruben Smets', 'Mobiliteit', '+32 489 44 55 66'),
  owner('Katrien Willems', 'Economie', '+32 491 77 88 99'),
  owner('Dries Van Gorp', 'Economie', '+32 492 10 20 30'),
  owner('Stijn Peeters', 'Evenementen', '+32 493 40 50 60'),
  owner('Laura Michiels', 'Evenementen', '+32 494 70 80 90', { alt: 'WhatsApp: +32 494 70 80 90' }),
  owner('Joke Van Looy', 'Evenementen', '+32 495 31 42 53'),
];

const fb = 'https://www.facebook.com/';
const yt = 'https://www.youtube.com/@';
const li = 'https://www.linkedin.com/company/';

export const DEMO_CHANNELS: DemoChannel[] = [
  {
    platform: 'facebook_page',
    name: 'Stad Turnhout',
    handle: `${fb}stadturnhout.demo`,
    department: 'Communicatie',
    purpose: 'Alle inwoners: nieuws, dienstverlening, crisisberichten',
    owners: ['Nele Claes', 'Tom Vermeulen'],
    silentDays: 1,
  },
  {
    platform: 'instagram',
    name: 'Stad Turnhout',
    handle: '@stadturnhout.demo',
    department: 'Communicatie',
    purpose: 'Inwoners 18-45: beeld van de stad',
    owners: ['Nele Claes', 'Tom Vermeulen'],
    silentDays: 2,
  },
  {
    platform: 'x',
    name: 'Stad Turnhout',
    handle: '@turnhout_demo',
    department: 'Communicatie',
    purpose: 'Pers en snelle berichten',
    owners: ['Tom Vermeulen', 'Nele Claes'],
    silentDays: 3,
  },
  {
    platform: 'linkedin',
    name: 'Stad Turnhout',
    handle: `${li}stad-turnhout-demo`,
    department: 'Communicatie',
    purpose: 'Vacatures en werkgeversmerk',
    owners: ['Nele Claes'],
    silentDays: 9,
  },
  {
    platform: 'youtube',
    name: 'Stad Turnhout',
    handle: `${yt}stadturnhoutdemo`,
    department: 'Communicatie',
    purpose: 'Gemeenteraad live en video’s',
    owners: ['Tom Vermeulen'],
    silentDays: 21,
  },
  {
    platform: 'tiktok',
    name: 'Stad Turnhout',
    handle: '@stadturnhout.demo',
    department: 'Communicatie',
    purpose: 'Jongeren: korte video’s',
    owners: ['Nele Claes', 'Tom Vermeulen'],
    silentDays: 12,
  },
  {
    platform: 'facebook_page',
    name: 'Cultuurhuis De Schakel',
    handle: `${fb}cultuurhuisdeschakel`,
    department: 'Cultuur',
    purpose: 'Programma en tickets',
    owners: ['Sofie Janssens', 'Bram De Smet'],
    silentDays: 2,
  },
  {
    platform: 'instagram',
    name: 'Cultuurhuis De Schakel',
    handle: '@cultuurhuisdeschakel',
    department: 'Cultuur',
    purpose: 'Programma, achter de schermen',
    owners: ['Sofie Janssens', 'Emma Maes'],
    silentDays: 4,
  },
  {
    platform: 'facebook_page',
    name: 'Museum Het Kantenhuis',
    handle: `${fb}museumkantenhuis`,
    department: 'Cultuur',
    purpose: 'Tentoonstellingen en workshops',
    owners: ['Emma Maes', 'Sofie Janssens'],
    silentDays: 16,
  },
  {
    platform: 'instagram',
    name: 'Museum Het Kantenhuis',
    handle: '@museumkantenhuis',
    department: 'Cultuur',
    purpose: 'Collectie in beeld',
    owners: ['Emma Maes'],
    silentDays: 30,
  },
  {
    platform: 'facebook_group',
    name: 'Cultuurvrijwilligers',
    handle: `${fb}groups/cultuurvrijwilligers.demo`,
    department: 'Cultuur',
    purpose: 'Vrijwilligers van cultuurhuis en museum',
    owners: ['Bram De Smet', 'Sofie Janssens'],
    silentDays: 6,
  },
  {
    platform: 'youtube',
    name: 'Cultuurhuis De Schakel',
    handle: `${yt}deschakeldemo`,
    department: 'Cultuur',
    purpose: 'Trailers van voorstellingen',
    owners: ['Bram De Smet'],
    silentDays: 80,
  },
  {
    platform: 'facebook_page',
    name: 'Sportdienst Turnhout',
    handle: `${fb}sportturnhout.demo`,
    department: 'Sport',
    purpose: 'Sportaanbod, sporthallen, kampen',
    owners: ['Jonas Wouters', 'Lien Peeters'],
    silentDays: 3,
  },
  {
    platform: 'instagram',
    name: 'Sport in Turnhout',
    handle: '@sportturnhout.demo',
    department: 'Sport',
    purpose: 'Sportieve inwoners',
    owners: ['Lien Peeters', 'Jonas Wouters'],
    silentDays: 8,
  },
  // Deliberate: a Facebook page silent for six weeks (Article 1: 1 month).
  {
    platform: 'facebook_page',
    name: 'Zwembad De Golf',
    handle: `${fb}zwembaddegolf.demo`,
    department: 'Sport',
    purpose: 'Openingsuren en sluitingen',
    owners: ['Jonas Wouters'],
    silentDays: 45,
  },
  {
    platform: 'tiktok',
    name: 'Sportkampen',
    handle: '@sportkampen.turnhout',
    department: 'Sport',
    purpose: 'Kinderen en ouders',
    owners: ['Lien Peeters'],
    silentDays: 150,
    exemption: { reason: 'Zomersportkampen: inschrijvingen en praktische info', daysLeft: 120 },
  },
  {
    platform: 'instagram',
    name: 'Jeugddienst',
    handle: '@jeugdturnhout.demo',
    department: 'Jeugd',
    purpose: 'Jongeren 12-25',
    owners: ['Arne Jacobs', 'Fien Mertens'],
    silentDays: 5,
  },
  {
    platform: 'tiktok',
    name: 'Jeugddienst',
    handle: '@jeugdturnhout.demo',
    department: 'Jeugd',
    purpose: 'Jongeren 12-18',
    owners: ['Fien Mertens', 'Arne Jacobs'],
    silentDays: 7,
  },
  {
    platform: 'facebook_page',
    name: 'Speelpleinwerking',
    handle: `${fb}speelplein.turnhout`,
    department: 'Jeugd',
    purpose: 'Ouders van speelpleinkinderen',
    owners: ['Arne Jacobs'],
    silentDays: 11,
  },
  {
    platform: 'facebook_group',
    name: 'Jeugdraad',
    handle: `${fb}groups/jeugdraad.demo`,
    department: 'Jeugd',
    purpose: 'Leden van de jeugdraad',
    owners: ['Fien Mertens'],
    silentDays: 25,
  },
  {
    platform: 'other',
    name: 'Jeugdhuis De Schuur (Snapchat)',
    handle: 'jeugdhuis.deschuur',
    department: 'Jeugd',
    purpose: 'Bezoekers van het jeugdhuis',
    owners: ['Arne Jacobs', 'Fien Mertens'],
    silentDays: 14,
  },
  {
    platform: 'facebook_page',
    name: 'Bibliotheek Turnhout',
    handle: `${fb}bibturnhout.demo`,
    department: 'Bibliotheek',
    purpose: 'Activiteiten en openingsuren',
    owners: ['Hilde Goossens', 'Koen Aerts'],
    silentDays: 4,
  },
  {
    platform: 'instagram',
    name: 'Bibliotheek Turnhout',
    handle: '@bibturnhout.demo',
    department: 'Bibliotheek',
    purpose: 'Leestips',
    owners: ['Koen Aerts', 'Hilde Goossens'],
    silentDays: 10,
  },
  // Deliberate: the campaign exemption ran out a month ago.
  {
    platform: 'youtube',
    name: 'Voorleesuurtje',
    handle: `${yt}voorleesuurtjedemo`,
    department: 'Bibliotheek',
    purpose: 'Voorlezen voor kleuters',
    owners: ['Hilde Goossens'],
    silentDays: 120,
    exemption: { reason: 'Voorleesweek', daysLeft: -30 },
  },
  {
    platform: 'facebook_page',
    name: 'Toerisme Turnhout',
    handle: `${fb}toerismeturnhout.demo`,
    department: 'Toerisme',
    purpose: 'Bezoekers en daguitstappers',
    owners: ['Ellen Van Dyck', 'Wout Hermans'],
    silentDays: 2,
  },
  {
    platform: 'instagram',
    name: 'Visit Turnhout',
    handle: '@visitturnhout.demo',
    department: 'Toerisme',
    purpose: 'Bezoekers',
    owners: ['Ellen Van Dyck', 'Wout Hermans'],
    silentDays: 3,
  },
  // Deliberate: an X account silent for more than 3 months without an exemption.
  {
    platform: 'x',
    name: 'Visit Turnhout',
    handle: '@visitturnhout_demo',
    department: 'Toerisme',
    purpose: 'Evenementen voor bezoekers',
    owners: ['Wout Hermans'],
    silentDays: 130,
  },
  {
    platform: 'tiktok',
    name: 'Visit Turnhout',
    handle: '@visitturnhout.demo',
    department: 'Toerisme',
    purpose: 'Jonge bezoekers',
    owners: ['Ellen Van Dyck'],
    silentDays: 18,
  },
  {
    platform: 'facebook_page',
    name: 'Sociaal Huis',
    handle: `${fb}sociaalhuis.turnhout`,
    department: 'Welzijn',
    purpose: 'Hulp en premies',
    owners: ['Marieke Verlinden', 'Yusuf Demir'],
    silentDays: 5,
  },
  {
    platform: 'instagram',
    name: 'Welzijn Turnhout',
    handle: '@welzijnturnhout.demo',
    department: 'Welzijn',
    purpose: 'Inwoners die hulp zoeken',
    owners: ['Yusuf Demir', 'Marieke Verlinden'],
    silentDays: 22,
  },
  {
    platform: 'facebook_group',
    name: 'Buurtzorg',
    handle: `${fb}groups/buurtzorg.demo`,
    department: 'Welzijn',
    purpose: 'Buurtvrijwilligers',
    owners: ['Marieke Verlinden'],
    silentDays: 9,
  },
  // Deliberate: the only owner has no phone and no e-mail.
  {
    platform: 'facebook_page',
    name: 'Mobiliteit Turnhout',
    handle: `${fb}mobiliteitturnhout.demo`,
    department: 'Mobiliteit',
    purpose: 'Wegenwerken en omleidingen',
    owners: ['Pieter Wouters'],
    silentDays: 6,
  },
  {
    platform: 'x',
    name: 'Verkeer Turnhout',
    handle: '@verkeer_turnhout',
    department: 'Mobiliteit',
    purpose: 'Verkeersinfo in real time',
    owners: ['Ruben Smets', 'Pieter Wouters'],
    silentDays: 1,
  },
  // Deliberate: no owner recorded.
  {
    platform: 'instagram',
    name: 'Fietsstad Turnhout',
    handle: '@fietsstadturnhout',
    department: 'Mobiliteit',
    purpose: 'Fietsers',
    owners: [],
    silentDays: 27,
  },
  {
    platform: 'facebook_page',
    name: 'Ondernemen in Turnhout',
    handle: `${fb}ondernementurnhout.demo`,
    department: 'Economie',
    purpose: 'Handelaars en ondernemers',
    owners: ['Katrien Willems', 'Dries Van Gorp'],
    silentDays: 8,
  },
  {
    platform: 'linkedin',
    name: 'Economie Turnhout',
    handle: `${li}economie-turnhout-demo`,
    department: 'Economie',
    purpose: 'Bedrijven en investeerders',
    owners: ['Dries Van Gorp'],
    silentDays: 40,
  },
  // Deliberate: Communicatie holds no login details.
  {
    platform: 'instagram',
    name: 'Winkelen in Turnhout',
    handle: '@winkelenturnhout',
    department: 'Economie',
    purpose: 'Shoppers',
    owners: ['Katrien Willems'],
    silentDays: 13,
    access: 'none',
  },
  // Deliberate: the admin role was last verified 120 days ago.
  {
    platform: 'facebook_page',
    name: 'Evenementen Turnhout',
    handle: `${fb}evenemententurnhout.demo`,
    department: 'Evenementen',
    purpose: 'Alle evenementen in de stad',
    owners: ['Stijn Peeters', 'Laura Michiels'],
    silentDays: 3,
    access: 'stale',
  },
  {
    platform: 'instagram',
    name: 'Turnhout Feest',
    handle: '@turnhoutfeest',
    department: 'Evenementen',
    purpose: 'Feestgangers',
    owners: ['Laura Michiels', 'Stijn Peeters'],
    silentDays: 5,
  },
  {
    platform: 'tiktok',
    name: 'Kerstmarkt',
    handle: '@kerstmarktturnhout',
    department: 'Evenementen',
    purpose: 'Bezoekers van de kerstmarkt',
    owners: ['Joke Van Looy'],
    silentDays: 100,
    exemption: { reason: 'Kerstmarkt: praktische info blijft geldig', daysLeft: 40 },
  },
  // Deliberate: login details entered more than a year ago.
  {
    platform: 'youtube',
    name: 'Turnhout Live',
    handle: `${yt}turnhoutlivedemo`,
    department: 'Evenementen',
    purpose: 'Livestreams van concerten',
    owners: ['Stijn Peeters', 'Joke Van Looy'],
    silentDays: 35,
    access: 'old',
  },
  // Deliberate: revealed for a verification, password not changed yet.
  {
    platform: 'instagram',
    name: 'Zomerfestival',
    handle: '@zomerfestival.turnhout',
    department: 'Evenementen',
    purpose: 'Festivalgangers',
    owners: ['Laura Michiels', 'Joke Van Looy'],
    silentDays: 20,
    access: 'revealed',
  },
];
