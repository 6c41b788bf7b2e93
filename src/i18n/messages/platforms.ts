import { defineMessages } from '../define';

// Issue 21: the platforms' APIs (platform.*) and the sweep and holds through them (sweepApi.*).
export const platforms = defineMessages({
  nl: {
    'platform.tokenExpired':
      'Het toegangstoken is verlopen of ingetrokken. Communicatie moet een nieuw token bewaren.',
    'platform.permissionMissing':
      'Het token mist een toestemming die hiervoor nodig is (Facebook: pages_manage_posts, pages_read_engagement, pages_show_list; YouTube: youtube.force-ssl).',
    'platform.notFound': 'Het platform kent dit bericht niet (meer).',
    'platform.rateLimited':
      'Het platform laat tijdelijk geen verzoeken meer toe. Probeer het over enkele minuten opnieuw.',
    'platform.down':
      'Het platform antwoordt niet. Probeer het opnieuw of werk in de app van het platform.',
    'platform.restoreTimePassed':
      'Het oorspronkelijke tijdstip is voorbij of te dichtbij: plan het bericht met de hand opnieuw in.',
    'platform.roleMissing':
      'Het account van Communicatie heeft niet (meer) de nodige rol op deze pagina of dit kanaal.',
    'platform.refused': 'Het platform weigerde het verzoek.',
    'platform.nothingRecorded':
      'Er is niets vastgelegd. Doe het met de hand in het platform en leg het daarna vast op de zaak.',
    'platform.manualOnly':
      'Voor {platform} blijven ingeplande berichten en blokkeringen manueel: geen API toont ingeplande berichten of haalt een bericht offline. Kijk na in de app van het platform.',
    'platform.title': 'API-koppeling van {name}',
    'platform.intro':
      'Met een koppeling leest de console de ingeplande berichten en de laatste publicatie rechtstreeks bij het platform, en plaatst en herstelt ze blokkeringen daar.',
    'platform.notConnected': 'Dit kanaal is niet gekoppeld aan de API van het platform.',
    'platform.connectedAs': 'Gekoppeld aan {account}, token bewaard op {at}.',
    'platform.accountId.facebook_page': 'Pagina-id',
    'platform.accountId.youtube': 'Kanaal-id (UC…)',
    'platform.businessId': 'Business Manager-id (voor de taken op de pagina)',
    'platform.token': 'Toegangstoken',
    'platform.tokenHint':
      'Wordt versleuteld in de kluis bewaard en nooit meer getoond. Een nieuw token vervangt het oude.',
    'platform.save': 'Koppeling bewaren',
    'platform.saved': 'Koppeling bewaard.',
    'platform.expiresAt': 'Token verloopt op {at}.',
    'platform.noExpiry': 'Token verloopt niet.',
    'platform.check': 'Toegang nu controleren',
    'platform.checkedOk': 'Toegang gecontroleerd via de API: in orde.',
    'platform.checkedProblem': 'Toegang gecontroleerd via de API: {problem}',
    'platform.lastCheck': 'Laatste controle via de API: {at}.',
    'platform.readLast': 'Laatste publicatie ophalen',
    'platform.lastRead': 'Laatste publicatie opgehaald.',
    'platform.lastPublishedFrom': 'volgens {platform}, gelezen {at}',
    'platform.lastPublishedTyped': 'ingevoerd',
    'platform.link': 'API-koppeling',
    'sweepApi.scheduled': 'Ingepland volgens {platform}',
    'sweepApi.none': 'Geen ingeplande berichten volgens {platform}.',
    'sweepApi.noneRecord': 'Vastleggen: geen ingeplande berichten (volgens de API)',
    'sweepApi.noneConflicting': 'Vastleggen: niets strijdig (nagekeken via de API)',
    'sweepApi.hold': 'Blokkeren via {platform}',
    'sweepApi.conflict': 'Wat is strijdig?',
    'sweepApi.held': 'Bericht geblokkeerd via {platform}.',
    'sweepApi.restore': 'Terugzetten zoals het was',
    'sweepApi.restored': 'Bericht teruggezet via het platform.',
    'sweepApi.openHolds': 'Geblokkeerd via de API',
    'sweepApi.needsCase': 'Voeg het kanaal eerst toe aan de crisis om een bericht te blokkeren.',
    'sweepApi.via': 'nagekeken via de API',
    'sweepApi.listChanged': 'De lijst bij het platform is veranderd: kijk ze opnieuw na.',
    'sweepApi.restoreNote': 'Teruggezet via de API zoals het was.',
    'hold.copyAltered':
      'De bewaarde kopie van dit bericht klopt niet meer met haar hash: zet het met de hand terug.',
    'platform.refreshRefused':
      'Google weigerde het vernieuwingstoken (verlopen, ingetrokken of een verkeerde OAuth-client). Communicatie moet het kanaal opnieuw koppelen.',
    'platform.oauthClientId': 'OAuth-client-id',
    'platform.oauthClientSecret': 'OAuth-clientgeheim',
    'platform.refreshToken': 'Vernieuwingstoken (refresh token)',
    'platform.refreshHint':
      'Met een vernieuwingstoken haalt de console zelf een nieuw toegangstoken wanneer het vorige verloopt (na een uur); het toegangstoken mag dan leeg blijven. Client-id, clientgeheim en vernieuwingstoken samen, of geen van drie. Alles wordt versleuteld in de kluis bewaard.',
    'platform.oauthIncomplete':
      'Vul client-id, clientgeheim en vernieuwingstoken samen in, of geen.',
    'platform.refreshes': 'Het toegangstoken wordt vernieuwd met het vernieuwingstoken.',
    'platform.refreshedAt': 'Laatst vernieuwd op {at}.',
    'platform.refreshProblem': 'Vernieuwen mislukt: {problem}',
    'platform.lastReadProblem': 'De laatste lezing van de laatste publicatie mislukte: {problem}',
    'problem.token_refresh_failed.label': 'Token vernieuwen mislukt',
    'problem.token_refresh_failed.text':
      'Google weigerde het vernieuwingstoken: koppel het kanaal opnieuw',
    'problem.last_read_failed.label': 'Laatste publicatie niet gelezen',
    'problem.last_read_failed.text':
      'De laatste publicatie kon niet via de API gelezen worden: bekijk de koppeling',
    'drill.viaApi':
      'Wordt bij het vastleggen via de API gecontroleerd (token en rol); uw keuze telt alleen als het platform niet antwoordt.',
  },
  en: {
    'platform.tokenExpired':
      'The access token has expired or was revoked. Communicatie must store a new token.',
    'platform.permissionMissing':
      'The token lacks a permission this needs (Facebook: pages_manage_posts, pages_read_engagement, pages_show_list; YouTube: youtube.force-ssl).',
    'platform.notFound': 'The platform does not know this post (any more).',
    'platform.rateLimited':
      'The platform is refusing requests for now. Try again in a few minutes.',
    'platform.down': 'The platform does not answer. Try again or work in the platform’s own app.',
    'platform.restoreTimePassed':
      'The original time has passed or is too close: schedule the post again by hand.',
    'platform.roleMissing':
      'Communicatie’s account no longer has the role it needs on this page or channel.',
    'platform.refused': 'The platform refused the request.',
    'platform.nothingRecorded':
      'Nothing was recorded. Do it by hand on the platform, then record it on the case.',
    'platform.manualOnly':
      'On {platform} scheduled posts and holds stay manual: no API lists scheduled posts or takes a post offline. Check in the platform’s own app.',
    'platform.title': 'API connection of {name}',
    'platform.intro':
      'With a connection the console reads scheduled posts and the last publication from the platform itself, and places and lifts holds there.',
    'platform.notConnected': 'This channel is not connected to the platform’s API.',
    'platform.connectedAs': 'Connected to {account}, token stored on {at}.',
    'platform.accountId.facebook_page': 'Page id',
    'platform.accountId.youtube': 'Channel id (UC…)',
    'platform.businessId': 'Business Manager id (for the tasks on the page)',
    'platform.token': 'Access token',
    'platform.tokenHint':
      'Kept encrypted in the vault and never shown again. A new token replaces the old one.',
    'platform.save': 'Save connection',
    'platform.saved': 'Connection saved.',
    'platform.expiresAt': 'Token expires on {at}.',
    'platform.noExpiry': 'Token does not expire.',
    'platform.check': 'Check access now',
    'platform.checkedOk': 'Access checked through the API: fine.',
    'platform.checkedProblem': 'Access checked through the API: {problem}',
    'platform.lastCheck': 'Last check through the API: {at}.',
    'platform.readLast': 'Read last publication',
    'platform.lastRead': 'Last publication read.',
    'platform.lastPublishedFrom': 'according to {platform}, read {at}',
    'platform.lastPublishedTyped': 'typed in',
    'platform.link': 'API connection',
    'sweepApi.scheduled': 'Scheduled according to {platform}',
    'sweepApi.none': 'No scheduled posts according to {platform}.',
    'sweepApi.noneRecord': 'Record: no scheduled posts (according to the API)',
    'sweepApi.noneConflicting': 'Record: nothing conflicting (checked through the API)',
    'sweepApi.hold': 'Hold through {platform}',
    'sweepApi.conflict': 'What conflicts?',
    'sweepApi.held': 'Post held through {platform}.',
    'sweepApi.restore': 'Put back as it was',
    'sweepApi.restored': 'Post put back through the platform.',
    'sweepApi.openHolds': 'Held through the API',
    'sweepApi.needsCase': 'Add the channel to the crisis first to hold a post.',
    'sweepApi.via': 'checked through the API',
    'sweepApi.listChanged': 'The list on the platform has changed: check it again.',
    'sweepApi.restoreNote': 'Put back through the API as it was.',
    'hold.copyAltered':
      'The stored copy of this post no longer matches its hash: put it back by hand.',
    'platform.refreshRefused':
      'Google refused the refresh token (expired, revoked or a wrong OAuth client). Communicatie must connect the channel again.',
    'platform.oauthClientId': 'OAuth client id',
    'platform.oauthClientSecret': 'OAuth client secret',
    'platform.refreshToken': 'Refresh token',
    'platform.refreshHint':
      'With a refresh token the console gets a new access token itself when the last one runs out (after an hour); the access token may then stay empty. Client id, client secret and refresh token together, or none of them. All are kept encrypted in the vault.',
    'platform.oauthIncomplete':
      'Fill in client id, client secret and refresh token together, or none.',
    'platform.refreshes': 'The access token is renewed with the refresh token.',
    'platform.refreshedAt': 'Last renewed on {at}.',
    'platform.refreshProblem': 'Renewing failed: {problem}',
    'platform.lastReadProblem': 'The last read of the last publication failed: {problem}',
    'problem.token_refresh_failed.label': 'Token renewal failed',
    'problem.token_refresh_failed.text':
      'Google refused the refresh token: connect the channel again',
    'problem.last_read_failed.label': 'Last publication not read',
    'problem.last_read_failed.text':
      'The last publication could not be read through the API: see the connection',
    'drill.viaApi':
      'Checked through the API when recorded (token and role); your choice counts only if the platform does not answer.',
  },
});
