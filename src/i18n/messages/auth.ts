import { defineMessages } from '../define';

export const auth = defineMessages({
  nl: {
    'signIn.title': 'Aanmelden',
    'signIn.intro': 'Meld u aan met uw e-mailadres en wachtwoord.',
    'signIn.email': 'E-mailadres',
    'signIn.password': 'Wachtwoord',
    'signIn.submit': 'Aanmelden',
    'signIn.failed': 'E-mailadres of wachtwoord is niet juist.',
    'signIn.locked': 'Te veel mislukte pogingen. Probeer opnieuw na {time}.',
    'signIn.expired': 'Uw sessie is verlopen. Meld u opnieuw aan.',
    'signIn.signedOut': 'U bent afgemeld.',
    'home.title': 'Start',
    'home.welcome': 'Welkom, {name}.',
    'home.roles': 'Uw rollen: {roles}.',
    'home.crises.title': 'Uw open crises',
    'home.crises.none': 'U neemt aan geen open crisis deel.',
    'home.readiness': '{score}% van de kanalen in orde ({ready} van {channels}).',
    'home.readiness.link': 'Wat moet er gebeuren?',
    'home.communicatie':
      'Houd het register van kanalen en beheerders actueel, en volg de audit op.',
    'home.crisis_operator':
      'Bij een grote crisis met betrokkenheid van de crisiscel: open de crisis en doorloop artikel 2 per kanaal.',
    'home.owner':
      'Hier ziet u uw kanalen en elke overname of blokkering door Communicatie, en bevestigt u dat u op de hoogte bent.',
    'secondFactor.failed': 'Die code is niet juist of al gebruikt.',
    'secondFactor.noneEnrolled': 'Er is geen tweede factor ingesteld om te bevestigen.',
    'secondFactor.reset.reasonRequired': 'Geef een reden van minstens {min} tekens.',
    'secondFactor.reset.notOwn':
      'Uw eigen tweede factor herstelt een andere collega van Communicatie.',
    'secondFactor.reset.unknownUser': 'Die gebruiker bestaat niet.',
  },
  en: {
    'signIn.title': 'Sign in',
    'signIn.intro': 'Sign in with your e-mail address and password.',
    'signIn.email': 'E-mail address',
    'signIn.password': 'Password',
    'signIn.submit': 'Sign in',
    'signIn.failed': 'E-mail address or password is not correct.',
    'signIn.locked': 'Too many failed attempts. Try again after {time}.',
    'signIn.expired': 'Your session has expired. Please sign in again.',
    'signIn.signedOut': 'You are signed out.',
    'home.title': 'Home',
    'home.welcome': 'Welcome, {name}.',
    'home.roles': 'Your roles: {roles}.',
    'home.crises.title': 'Your open crises',
    'home.crises.none': 'You take part in no open crisis.',
    'home.readiness': '{score}% of channels in order ({ready} of {channels}).',
    'home.readiness.link': 'What needs doing?',
    'home.communicatie':
      'Keep the registry of channels and owners up to date, and follow up the audit.',
    'home.crisis_operator':
      'In a major crisis with the crisis cell involved: open the crisis and walk through Article 2 per channel.',
    'home.owner':
      'Here you see your channels and every takeover or hold by Communications, and acknowledge that you know.',
    'secondFactor.failed': 'That code is not right or was used already.',
    'secondFactor.noneEnrolled': 'No second factor is set up to confirm.',
    'secondFactor.reset.reasonRequired': 'Give a reason of at least {min} characters.',
    'secondFactor.reset.notOwn': 'Another colleague of Communicatie resets your own second factor.',
    'secondFactor.reset.unknownUser': 'That user does not exist.',
  },
});
