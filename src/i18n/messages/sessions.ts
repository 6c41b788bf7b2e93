// Sign-in through the city's identity provider, and the sessions page.
import { defineMessages } from '../define';

export const sessions = defineMessages({
  nl: {
    'oidc.signIn': 'Aanmelden met {name}',
    'oidc.orPassword': 'Of meld u aan met uw e-mailadres en wachtwoord.',
    'oidc.passwordOff': 'Aanmelden met een wachtwoord staat uit. Meld u aan met {name}.',
    'oidc.unavailable':
      'De identiteitsprovider antwoordt niet. Probeer het zo opnieuw; blijft het duren, bel dan Communicatie.',
    'oidc.refused.title': 'Aanmelden is niet gelukt',
    'oidc.refused.state':
      'Deze aanmelding is niet in deze browser begonnen of duurde te lang. Begin opnieuw.',
    'oidc.refused.nonce':
      'Het antwoord van de identiteitsprovider hoort niet bij deze aanmelding. Begin opnieuw.',
    'oidc.refused.expired': 'Het antwoord van de identiteitsprovider is verlopen. Begin opnieuw.',
    'oidc.refused.provider': 'De identiteitsprovider heeft de aanmelding niet toegestaan.',
    'oidc.refused.invalid':
      'Het antwoord van de identiteitsprovider kon niet gecontroleerd worden. Begin opnieuw.',
    'oidc.refused.no_role':
      'U bent bekend bij de identiteitsprovider, maar geen van uw groepen geeft toegang tot de crisisconsole. Vraag Communicatie om u aan de juiste groep toe te voegen.',
    'oidc.refused.inactive':
      'Uw account in de crisisconsole is uitgeschakeld. Neem contact op met Communicatie.',
    'oidc.refused.unknown':
      'U hebt nog geen account in de crisisconsole. Vraag Communicatie om er een aan te maken.',
    'oidc.refused.no_email':
      'De identiteitsprovider gaf geen e-mailadres door, en zonder kan de crisisconsole geen account aanmaken. Neem contact op met Communicatie.',
    'oidc.refused.email_taken':
      'Er is al een account met uw e-mailadres dat niet aan deze aanmelding gekoppeld kan worden. Neem contact op met Communicatie.',
    'nav.sessions': 'Sessies',
    'sessions.title': 'Uw sessies',
    'sessions.intro':
      'Overal waar u nu aangemeld bent. Herkent u een sessie niet, beëindig ze dan en verwittig Communicatie.',
    'sessions.device': 'Toestel',
    'sessions.address': 'Adres',
    'sessions.created': 'Aangemeld',
    'sessions.lastUse': 'Laatst gebruikt',
    'sessions.current': 'Deze sessie',
    'sessions.end': 'Beëindigen',
    'sessions.endOthers': 'Alle andere sessies beëindigen',
    'sessions.ended': '{n, plural, one {# sessie} other {# sessies}} beëindigd.',
    'sessions.notFound': 'Die sessie bestaat niet meer.',
    'sessions.on': '{browser} op {os}',
    'sessions.unknown': 'onbekend',
    'sessions.user.title': 'Sessies van {name}',
    'sessions.user.none': 'Deze gebruiker is nergens aangemeld.',
    'sessions.user.endAll': 'Alle sessies van deze gebruiker beëindigen',
    'sessions.user.ended': '{n, plural, one {# sessie} other {# sessies}} van {name} beëindigd.',
    'sessions.user.link': 'Sessies van deze gebruiker',
  },
  en: {
    'oidc.signIn': 'Sign in with {name}',
    'oidc.orPassword': 'Or sign in with your e-mail address and password.',
    'oidc.passwordOff': 'Signing in with a password is turned off. Sign in with {name}.',
    'oidc.unavailable':
      'The identity provider does not answer. Try again shortly; if it lasts, call Communicatie.',
    'oidc.refused.title': 'Signing in did not work',
    'oidc.refused.state':
      'This sign-in did not start in this browser or took too long. Start again.',
    'oidc.refused.nonce':
      "The identity provider's answer does not belong to this sign-in. Start again.",
    'oidc.refused.expired': "The identity provider's answer has expired. Start again.",
    'oidc.refused.provider': 'The identity provider did not allow the sign-in.',
    'oidc.refused.invalid': "The identity provider's answer could not be verified. Start again.",
    'oidc.refused.no_role':
      'The identity provider knows you, but none of your groups gives access to the crisis console. Ask Communicatie to add you to the right group.',
    'oidc.refused.inactive': 'Your crisis console account is deactivated. Contact Communicatie.',
    'oidc.refused.unknown':
      'You have no crisis console account yet. Ask Communicatie to create one.',
    'oidc.refused.no_email':
      'The identity provider sent no e-mail address, and without one the crisis console cannot create an account. Contact Communicatie.',
    'oidc.refused.email_taken':
      'An account with your e-mail address exists that cannot be linked to this sign-in. Contact Communicatie.',
    'nav.sessions': 'Sessions',
    'sessions.title': 'Your sessions',
    'sessions.intro':
      "Everywhere you are signed in now. If you don't recognise a session, end it and tell Communicatie.",
    'sessions.device': 'Device',
    'sessions.address': 'Address',
    'sessions.created': 'Signed in',
    'sessions.lastUse': 'Last used',
    'sessions.current': 'This session',
    'sessions.end': 'End',
    'sessions.endOthers': 'End all other sessions',
    'sessions.ended': '{n, plural, one {# session} other {# sessions}} ended.',
    'sessions.notFound': 'That session no longer exists.',
    'sessions.on': '{browser} on {os}',
    'sessions.unknown': 'unknown',
    'sessions.user.title': 'Sessions of {name}',
    'sessions.user.none': 'This user is not signed in anywhere.',
    'sessions.user.endAll': 'End all sessions of this user',
    'sessions.user.ended': '{n, plural, one {# session} other {# sessions}} of {name} ended.',
    'sessions.user.link': "This user's sessions",
  },
});
