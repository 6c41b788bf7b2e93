import { defineMessages } from '../define';

// Issue 21: a platform account's two-step verification codes in the vault (codes.*), its way past
// two-step verification (twoFactorMethod.*), and copying a password without showing it (copy.*).
export const vaultCodes = defineMessages({
  nl: {
    'access.totp': 'Geheim van de authenticator-app (TOTP)',
    'access.totpHint':
      'Kies bij het platform "authenticator-app" als tweede stap en plak hier de sleutel of de link onder de QR-code (otpauth://…). De console toont dan bij het inzien de code van dat moment.',
    'access.twoFactorMethod': 'Hoe komt Communicatie langs de tweestapsverificatie?',
    'twoFactorMethod.none': 'Niet nodig: het account vraagt geen tweede stap',
    'twoFactorMethod.codes_in_vault': 'Codes uit de kluis (authenticator-geheim hieronder)',
    'twoFactorMethod.communicatie_phone': 'Codes naar een telefoon van Communicatie',
    'twoFactorMethod.owner_phone': 'Codes alleen naar de telefoon van de eigenaar',
    'twoFactorMethod.unknown': 'Nog niet opgegeven',
    'credentials.totpInvalid':
      'Dit is geen geldig authenticator-geheim: plak de sleutel (letters A–Z en cijfers 2–7, minstens 16) of de otpauth://-link.',
    'credentials.totpUnsupported':
      'Deze link vraagt andere codes dan zes cijfers elke 30 seconden (SHA-1); de console maakt alleen die.',
    'credentials.totpRequired':
      'Plak het authenticator-geheim om codes uit de kluis te gebruiken, of kies een andere manier.',
    'problem.two_factor_dead_end.label': 'Geen weg langs 2FA',
    'problem.two_factor_dead_end.text':
      'Logingegevens, maar zonder de eigenaar geen weg langs de tweestapsverificatie (codes naar zijn telefoon of niet opgegeven)',
    'codes.title': 'Code voor de tweestapsverificatie',
    'codes.current': 'Code nu',
    'codes.next': 'Daarna',
    'codes.validUntil': 'geldig tot {at}',
    'codes.secondsLeft': 'nog {seconds} s',
    'codes.expired': 'verlopen',
    'codes.hint':
      'Typ de code in de app van het platform. Is ze verlopen, neem dan de volgende, of vraag de gegevens opnieuw op.',
    'copy.button': 'Kopieer wachtwoord (zonder tonen)',
    'copy.hint':
      'Het wachtwoord gaat naar het klembord en komt niet op het scherm. Ook dit wordt vastgelegd, met uw reden.',
    'copy.done': 'Wachtwoord gekopieerd naar het klembord. Het staat niet op het scherm.',
    'copy.failed': 'Kopiëren lukte niet: gebruik "Inzien en vastleggen".',
    'copy.exercise': 'In een oefening kopieert de console geen wachtwoord.',
  },
  en: {
    'access.totp': 'Authenticator app secret (TOTP)',
    'access.totpHint':
      'On the platform choose "authenticator app" as the second step and paste the key or the link under the QR code (otpauth://…) here. A reveal then shows the code of that moment.',
    'access.twoFactorMethod': 'How does Communicatie get past two-step verification?',
    'twoFactorMethod.none': 'Not needed: the account asks no second step',
    'twoFactorMethod.codes_in_vault': 'Codes from the vault (authenticator secret below)',
    'twoFactorMethod.communicatie_phone': 'Codes to a phone Communicatie holds',
    'twoFactorMethod.owner_phone': 'Codes only to the owner’s phone',
    'twoFactorMethod.unknown': 'Not said yet',
    'credentials.totpInvalid':
      'This is not a valid authenticator secret: paste the key (letters A–Z and digits 2–7, at least 16) or the otpauth:// link.',
    'credentials.totpUnsupported':
      'This link asks for other codes than six digits every 30 seconds (SHA-1); the console makes only those.',
    'credentials.totpRequired':
      'Paste the authenticator secret to use codes from the vault, or choose another way.',
    'problem.two_factor_dead_end.label': 'No way past 2FA',
    'problem.two_factor_dead_end.text':
      'Login details, but no way past two-step verification without the owner (codes to their phone, or not said)',
    'codes.title': 'Two-step verification code',
    'codes.current': 'Code now',
    'codes.next': 'Then',
    'codes.validUntil': 'valid until {at}',
    'codes.secondsLeft': '{seconds} s left',
    'codes.expired': 'expired',
    'codes.hint':
      'Type the code in the platform’s app. If it has expired, take the next one, or reveal the details again.',
    'copy.button': 'Copy password (without showing it)',
    'copy.hint':
      'The password goes to the clipboard and does not appear on screen. This is recorded too, with your reason.',
    'copy.done': 'Password copied to the clipboard. It is not on the screen.',
    'copy.failed': 'Copying did not work: use "Reveal and record".',
    'copy.exercise': 'In an exercise the console copies no password.',
  },
});
