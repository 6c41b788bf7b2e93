import { defineMessages } from '../define';

// The JSON API (/api/v1) and its tokens (issue 4, "API for the city's other crisis tools").
export const api = defineMessages({
  nl: {
    'nav.apiTokens': 'API-sleutels',
    'api.tokens.title': 'API-sleutels',
    'api.tokens.intro':
      'Met een API-sleutel gebruiken andere crisistoepassingen van de stad de JSON-API onder /api/v1. Een sleutel handelt met de rollen van de gebruiker voor wie hij gemaakt is, en alles wat hij doet staat in de audit op naam van die gebruiker.',
    'api.tokens.docs': 'Beschrijving van de API (OpenAPI)',
    'api.tokens.new': 'Nieuwe sleutel',
    'api.tokens.user': 'Handelt als gebruiker',
    'api.tokens.userHint':
      'De sleutel krijgt de rollen van deze gebruiker, ook als die later wijzigen.',
    'api.tokens.name': 'Naam',
    'api.tokens.nameHint': 'Welke toepassing de sleutel gebruikt, bv. "Meldpunt crisiscel".',
    'api.tokens.create': 'Sleutel maken',
    'api.tokens.created': 'API-sleutel "{name}" gemaakt.',
    'api.tokens.once':
      'Kopieer deze sleutel nu. Hij wordt niet bewaard en is hierna nooit meer te zien; verloren is intrekken en een nieuwe maken.',
    'api.tokens.usage': 'Gebruik: de header Authorization: Bearer <sleutel>.',
    'api.tokens.empty': 'Er zijn nog geen API-sleutels.',
    'api.tokens.createdAt': 'Gemaakt',
    'api.tokens.createdBy': 'door {name}',
    'api.tokens.lastUsed': 'Laatst gebruikt',
    'api.tokens.never': 'nooit',
    'api.tokens.status': 'Toestand',
    'api.tokens.active': 'actief',
    'api.tokens.revokedAt': 'ingetrokken {at}',
    'api.tokens.userInactiveNote': 'gebruiker gedeactiveerd',
    'api.tokens.revoke': 'Intrekken',
    'api.tokens.revoked': 'API-sleutel "{name}" ingetrokken.',
    'api.token.userUnknown': 'Deze gebruiker bestaat niet.',
    'api.token.userInactive':
      'Deze gebruiker is gedeactiveerd; een sleutel voor hem zou niets kunnen.',
    'api.token.notFound': 'Deze API-sleutel bestaat niet.',
    'api.token.alreadyRevoked': 'Deze API-sleutel was al ingetrokken.',
    'api.auth.missing':
      'Geef een API-sleutel mee in de header Authorization: Bearer <sleutel>. Een aanmelding in de browser geldt niet voor de API.',
    'api.auth.invalid':
      'Deze API-sleutel is onbekend of ingetrokken, of de gebruiker ervan is gedeactiveerd.',
    'api.invalid': 'De aanvraag bevat ongeldige velden.',
    'api.badJson':
      'De inhoud van de aanvraag moet een JSON-object zijn (Content-Type: application/json).',
    'api.tooLarge': 'De aanvraag is te groot.',
    'api.unknownField': 'Onbekend veld.',
    'field.isoDatetime':
      'Geef een tijdstip volgens ISO 8601 met tijdzone, bv. 2026-11-25T14:05:00+01:00.',
  },
  en: {
    'nav.apiTokens': 'API tokens',
    'api.tokens.title': 'API tokens',
    'api.tokens.intro':
      "With an API token, the city's other crisis tools use the JSON API under /api/v1. A token acts with the roles of the user it was created for, and everything it does is in the audit under that user's name.",
    'api.tokens.docs': 'API description (OpenAPI)',
    'api.tokens.new': 'New token',
    'api.tokens.user': 'Acts as user',
    'api.tokens.userHint': "The token has this user's roles, also when they change later.",
    'api.tokens.name': 'Name',
    'api.tokens.nameHint': 'Which tool uses the token, e.g. "Crisis cell desk".',
    'api.tokens.create': 'Create token',
    'api.tokens.created': 'API token "{name}" created.',
    'api.tokens.once':
      'Copy this token now. It is not stored and will never be shown again; if it is lost, revoke it and create a new one.',
    'api.tokens.usage': 'Use: the header Authorization: Bearer <token>.',
    'api.tokens.empty': 'There are no API tokens yet.',
    'api.tokens.createdAt': 'Created',
    'api.tokens.createdBy': 'by {name}',
    'api.tokens.lastUsed': 'Last used',
    'api.tokens.never': 'never',
    'api.tokens.status': 'Status',
    'api.tokens.active': 'active',
    'api.tokens.revokedAt': 'revoked {at}',
    'api.tokens.userInactiveNote': 'user deactivated',
    'api.tokens.revoke': 'Revoke',
    'api.tokens.revoked': 'API token "{name}" revoked.',
    'api.token.userUnknown': 'This user does not exist.',
    'api.token.userInactive': 'This user is deactivated; a token for them could not do anything.',
    'api.token.notFound': 'This API token does not exist.',
    'api.token.alreadyRevoked': 'This API token was already revoked.',
    'api.auth.missing':
      'Send an API token in the header Authorization: Bearer <token>. A browser sign-in does not count for the API.',
    'api.auth.invalid': 'This API token is unknown or revoked, or its user is deactivated.',
    'api.invalid': 'The request has invalid fields.',
    'api.badJson': 'The request body must be a JSON object (Content-Type: application/json).',
    'api.tooLarge': 'The request is too large.',
    'api.unknownField': 'Unknown field.',
    'field.isoDatetime':
      'Give a time in ISO 8601 with a time zone, e.g. 2026-11-25T14:05:00+01:00.',
  },
});
