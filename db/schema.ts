// One sqlite-core schema for both targets (better-sqlite3 on Node, SQLite on Workers).
// Times are ISO-8601 UTC strings ("2026-11-25T14:02:00.000Z"): they sort as text and read the
// same on every driver. Every mutable row has a `version` for optimistic concurrency checks.
import { sql } from 'drizzle-orm';
import {
  sqliteTable,
  text,
  integer,
  primaryKey,
  uniqueIndex,
  index,
} from 'drizzle-orm/sqlite-core';

export const ROLES = ['communicatie', 'crisis_operator', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const version = () => integer('version').notNull().default(1);

// ---------------------------------------------------------------- people and sign-in
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull(),
  language: text('language', { enum: LANGUAGES }).notNull().default('nl'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
  version: version(),
});

// The cookie holds a random token; the database keeps only its SHA-256 (id), so a copy of the
// database file cannot be replayed as a cookie.
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    // When this session last proved a second factor, and how ('totp', 'recovery', 'passkey', or
    // what the identity provider's amr said): null for a session signed in with a password only.
    secondFactorAt: text('second_factor_at'),
    secondFactorHow: text('second_factor_how'),
    // Where the session was opened from, for the sessions page (device, address): as the
    // request said, never trusted for anything else.
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

// A console user's identity at the city's identity provider (OpenID Connect): the provider's
// `iss` and `sub` name one person for good (an e-mail address can be reassigned), so a sign-in
// finds its user by them. Linked at the first sign-in through the provider.
export const oidcIdentities = sqliteTable(
  'oidc_identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    lastSignInAt: text('last_sign_in_at').notNull(),
  },
  (t) => [
    uniqueIndex('oidc_identities_subject').on(t.issuer, t.subject),
    index('oidc_identities_user').on(t.userId),
  ],
);

export const SECOND_FACTOR_KINDS = ['totp', 'passkey'] as const;
export type SecondFactorKind = (typeof SECOND_FACTOR_KINDS)[number];

// A user's second factors. TOTP: the secret sealed with the vault key (keyId, nonce,
// ciphertext) and the last time step used, so a code is accepted once. Passkey: the credential
// id and public key, and its signature counter. A factor counts once confirmed.
export const secondFactors = sqliteTable(
  'second_factors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: SECOND_FACTOR_KINDS }).notNull(),
    keyId: text('key_id'),
    nonce: text('nonce'),
    ciphertext: text('ciphertext'),
    lastStep: integer('last_step'),
    credentialId: text('credential_id').unique(),
    publicKey: text('public_key'),
    counter: integer('counter'),
    createdAt: text('created_at').notNull(),
    confirmedAt: text('confirmed_at'),
  },
  (t) => [index('second_factors_user').on(t.userId)],
);

// The challenge of a passkey ceremony under way (registration or assertion), one per session:
// the browser signs it, the server checks it was the one it issued, then deletes it.
export const WEBAUTHN_PURPOSES = ['register', 'authenticate'] as const;
export const webauthnChallenges = sqliteTable('webauthn_challenges', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: WEBAUTHN_PURPOSES }).notNull(),
  challenge: text('challenge').notNull(),
  createdAt: text('created_at').notNull(),
});

// Ten single-use recovery codes per user: shown once, kept as SHA-256 (they are random).
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: text('created_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

// Failed sign-ins per account ("account:<email>") and per address ("ip:<addr>"). `pending` counts
// attempts whose password is being checked right now (reserved before hashing, so a burst cannot
// outrun the count); `refused` counts attempts turned away during the current lock, audited as
// one event when the lock is over.
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: text('last_failure_at').notNull(),
  lockedUntil: text('locked_until'),
  pending: integer('pending').notNull().default(0),
  pendingAt: text('pending_at'),
  refused: integer('refused').notNull().default(0),
  refusedSince: text('refused_since'),
});

// API tokens for the city's other crisis tools: shown once, stored hashed.
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  version: version(),
});

// ---------------------------------------------------------------- registry (Articles 1 and 2)
export const departments = sqliteTable('departments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  // Last step of the escalation chain when no owner of a channel can be reached.
  headOwnerId: integer('head_owner_id'),
  lastDrilledAt: text('last_drilled_at'),
  createdAt: text('created_at').notNull().default(now),
  version: version(),
});

export const owners = sqliteTable(
  'owners',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    phone: text('phone'),
    email: text('email'),
    altContact: text('alt_contact'),
    userId: integer('user_id')
      .unique()
      .references(() => users.id),
    language: text('language', { enum: LANGUAGES }).notNull().default('nl'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    version: version(),
  },
  (t) => [index('owners_department').on(t.departmentId)],
);

export const PLATFORMS = [
  'facebook_page',
  'facebook_group',
  'instagram',
  'x',
  'linkedin',
  'youtube',
  'tiktok',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];
export const CHANNEL_STATUSES = ['active', 'dormant', 'to_be_removed', 'removed'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const channels = sqliteTable(
  'channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    name: text('name').notNull(),
    handle: text('handle').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    purpose: text('purpose'),
    status: text('status', { enum: CHANNEL_STATUSES }).notNull().default('active'),
    lastPublishedAt: text('last_published_at'),
    // Where lastPublishedAt came from: null typed in, 'platform' read through the API at
    // lastPublishedReadAt (src/domain/vault/platform-checks.ts).
    lastPublishedSource: text('last_published_source', { enum: ['platform'] }),
    lastPublishedReadAt: text('last_published_read_at'),
    // Article 1: kept for a campaign or initiative that shows lasting relevant information.
    exemptionReason: text('exemption_reason'),
    exemptionUntil: text('exemption_until'),
    archivedAt: text('archived_at'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    version: version(),
  },
  (t) => [
    uniqueIndex('channels_platform_handle').on(t.platform, t.handle),
    index('channels_department').on(t.departmentId),
    index('channels_status').on(t.status),
  ],
);

// A channel's owners in order: position 1 is tried first, then the backups.
export const channelOwners = sqliteTable(
  'channel_owners',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.ownerId] }),
    uniqueIndex('channel_owners_position').on(t.channelId, t.position),
    index('channel_owners_owner').on(t.ownerId),
  ],
);

// Footnote to Article 2: on Facebook pages and groups Communicatie is admin.
export const adminAccess = sqliteTable('admin_access', {
  channelId: integer('channel_id')
    .primaryKey()
    .references(() => channels.id),
  account: text('account').notNull(),
  verifiedAt: text('verified_at'),
  verifiedBy: integer('verified_by').references(() => users.id),
  version: version(),
});

/**
 * A platform account's way past two-step verification: none asked, codes from the TOTP secret in
 * the vault, codes to a phone Communicatie holds, or codes that only reach the owner's phone (a
 * dead end when the owner is unreachable).
 */
export const TWO_FACTOR_METHODS = [
  'none',
  'codes_in_vault',
  'communicatie_phone',
  'owner_phone',
] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

// Footnote to Article 2: for Instagram and other platforms Communicatie holds the login
// details. The vault stores them as one AES-256-GCM ciphertext per channel.
export const credentials = sqliteTable('credentials', {
  channelId: integer('channel_id')
    .primaryKey()
    .references(() => channels.id),
  keyId: text('key_id').notNull(),
  nonce: text('nonce').notNull(),
  ciphertext: text('ciphertext').notNull(),
  changedAt: text('changed_at').notNull(),
  changedBy: integer('changed_by').references(() => users.id),
  verifiedAt: text('verified_at'),
  verifiedBy: integer('verified_by').references(() => users.id),
  lastRevealedAt: text('last_revealed_at'),
  // Set by a reveal; cleared when the owner records that the password was changed.
  mustRotate: integer('must_rotate', { mode: 'boolean' }).notNull().default(false),
  // How Communicatie gets past the platform's two-step verification (null: not said yet); the
  // TOTP secret itself is sealed with the login details (src/domain/vault/platform-codes.ts).
  twoFactorMethod: text('two_factor_method', { enum: TWO_FACTOR_METHODS }),
  version: version(),
});

// A channel connected to its platform's API (src/domain/platforms): the page or channel id
// there and the access token, sealed by the vault like login details (the channel id bound in).
export const platformConnections = sqliteTable('platform_connections', {
  channelId: integer('channel_id')
    .primaryKey()
    .references(() => channels.id),
  /** Facebook page id or YouTube channel id. */
  accountId: text('account_id').notNull(),
  /** Facebook: the Business Manager whose system user holds the token (for the page's tasks). */
  businessId: text('business_id'),
  keyId: text('key_id').notNull(),
  nonce: text('nonce').notNull(),
  ciphertext: text('ciphertext').notNull(),
  storedAt: text('stored_at').notNull(),
  storedBy: integer('stored_by').references(() => users.id),
  /** When the platform says the token stops working; null: it does not expire. */
  expiresAt: text('expires_at'),
  checkedAt: text('checked_at'),
  /** The last access check: null (ok) or the message key of what failed. */
  checkProblem: text('check_problem'),
  // YouTube: the OAuth client and refresh token, sealed together (JSON); the token above is then
  // the latest access token, valid until accessExpiresAt (src/domain/vault/oauth.ts).
  oauthKeyId: text('oauth_key_id'),
  oauthNonce: text('oauth_nonce'),
  oauthCiphertext: text('oauth_ciphertext'),
  accessExpiresAt: text('access_expires_at'),
  refreshedAt: text('refreshed_at'),
  /** The last refresh: null (ok) or the message key of what failed. */
  refreshProblem: text('refresh_problem'),
  /** The last read of the last publication (Article 1): null (ok) or the message key of what failed. */
  lastReadProblem: text('last_read_problem'),
  version: version(),
});

// ---------------------------------------------------------------- crises (Article 2)
export const IMPACTS = ['limited', 'major', 'large_impact'] as const;
export type Impact = (typeof IMPACTS)[number];
// For exercises: 'marked' sends to owners with an EXERCISE mark; 'participants' only to owners
// who are exercise participants.
export const EXERCISE_NOTIFY = ['marked', 'participants'] as const;
export type ExerciseNotify = (typeof EXERCISE_NOTIFY)[number];

export const crises = sqliteTable(
  'crises',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startedAt: text('started_at').notNull(),
    impact: text('impact', { enum: IMPACTS }).notNull(),
    crisisCellLead: text('crisis_cell_lead'),
    crisisCellConvenedAt: text('crisis_cell_convened_at'),
    crisisCellDecisionRef: text('crisis_cell_decision_ref'),
    crisisCellRecordedBy: integer('crisis_cell_recorded_by').references(() => users.id),
    // Whom owners call: the crisis cell's Communicatie desk, named in every notice.
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    closedAt: text('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    closeOverrideReason: text('close_override_reason'),
    isExercise: integer('is_exercise', { mode: 'boolean' }).notNull().default(false),
    exerciseNotify: text('exercise_notify', { enum: EXERCISE_NOTIFY }),
    declaredBy: integer('declared_by')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    version: version(),
  },
  (t) => [index('crises_status').on(t.status)],
);

export const crisisOperators = sqliteTable(
  'crisis_operators',
  {
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    joinedAt: text('joined_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.crisisId, t.userId] })],
);

// Exercises in 'participants' mode: the registry owners who take part, chosen by owner (an owner
// needs no console account). The set changes by adding and removing rows; the audit keeps every
// change (exercise.participants_changed) with the whole set after it.
export const exerciseParticipants = sqliteTable(
  'exercise_participants',
  {
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    addedAt: text('added_at').notNull(),
    addedBy: integer('added_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.crisisId, t.ownerId] })],
);

export const CASE_STATES = ['contacting', 'owner_handles', 'active', 'handed_back'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const BASES = [
  'owner_contacted',
  'acute',
  'conflicting_information',
  'owner_unreachable',
] as const;
export type Basis = (typeof BASES)[number];

// One takeover case per channel affected by a crisis.
export const takeoverCases = sqliteTable(
  'takeover_cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    state: text('state', { enum: CASE_STATES }).notNull().default('contacting'),
    basis: text('basis', { enum: BASES }),
    authorisedAt: text('authorised_at'),
    authorisedBy: integer('authorised_by').references(() => users.id),
    acuteJustification: text('acute_justification'),
    acuteDeadline: text('acute_deadline'),
    acuteMessageSentAt: text('acute_message_sent_at'),
    // Article 2, exception 2: after a hold the owner contact must follow by this time.
    ownerContactDueAt: text('owner_contact_due_at'),
    ownerContactedAt: text('owner_contacted_at'),
    handedBackAt: text('handed_back_at'),
    handedBackBy: integer('handed_back_by').references(() => users.id),
    handBackNote: text('hand_back_note'),
    addedBy: integer('added_by')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: version(),
  },
  (t) => [
    uniqueIndex('takeover_cases_crisis_channel').on(t.crisisId, t.channelId),
    index('takeover_cases_channel').on(t.channelId),
  ],
);

export const CONTACT_MEANS = ['phone', 'sms', 'email', 'chat', 'in_person'] as const;
export type ContactMeans = (typeof CONTACT_MEANS)[number];
export const CONTACT_OUTCOMES = [
  'reached_owner_handles',
  'reached_owner_agrees',
  'no_answer',
  'voicemail',
  'wrong_number',
] as const;
/** The outcomes an operator taps. */
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
// Outcomes only a contact request gives (src/domain/crisis/contact-request.ts): sent and not yet
// answered, the owner asked to be called back, the gateway or mail server says not delivered.
export const REQUEST_OUTCOMES = ['awaiting_answer', 'callback_requested', 'not_delivered'] as const;
export const ATTEMPT_OUTCOMES = [...CONTACT_OUTCOMES, ...REQUEST_OUTCOMES] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const contactAttempts = sqliteTable(
  'contact_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => takeoverCases.id),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    means: text('means', { enum: CONTACT_MEANS }).notNull(),
    outcome: text('outcome', { enum: ATTEMPT_OUTCOMES }).notNull(),
    attemptedAt: text('attempted_at').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    // "Recorded in error": set once by a correction (takeover.ts), never cleared; the attempt
    // stays in the record and the Article 2 rules ignore it. A trigger keeps the rest as logged.
    correctedAt: text('corrected_at'),
    correctedBy: integer('corrected_by').references(() => users.id),
    correctionReason: text('correction_reason'),
  },
  (t) => [index('contact_attempts_case').on(t.caseId)],
);

export const holds = sqliteTable(
  'holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => takeoverCases.id),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    postState: text('post_state', { enum: ['online', 'scheduled'] }).notNull(),
    postRef: text('post_ref').notNull(),
    scheduledFor: text('scheduled_for'),
    conflict: text('conflict').notNull(),
    action: text('action', { enum: ['taken_offline', 'put_on_hold'] }).notNull(),
    placedBy: integer('placed_by')
      .notNull()
      .references(() => users.id),
    placedAt: text('placed_at').notNull(),
    releasedAt: text('released_at'),
    releasedBy: integer('released_by').references(() => users.id),
    releaseOutcome: text('release_outcome', { enum: ['republished', 'corrected', 'removed'] }),
    releaseNote: text('release_note'),
    // A hold placed through the platform's API: the post as it was (JSON), its SHA-256 (also in
    // the hold.placed event), the platform's post id and what was done there; and how the
    // release put it back ('api' or by hand).
    via: text('via', { enum: ['manual', 'api'] })
      .notNull()
      .default('manual'),
    platformPostId: text('platform_post_id'),
    platformAction: text('platform_action', { enum: ['rescheduled', 'hidden', 'made_private'] }),
    platformCopy: text('platform_copy'),
    platformCopySha256: text('platform_copy_sha256'),
    restoredVia: text('restored_via', { enum: ['manual', 'api'] }),
    version: version(),
  },
  (t) => [index('holds_crisis').on(t.crisisId), index('holds_case').on(t.caseId)],
);

export const ACTION_KINDS = ['published', 'hid_post', 'answered_comments', 'other'] as const;
export const channelActions = sqliteTable(
  'channel_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => takeoverCases.id),
    kind: text('kind', { enum: ACTION_KINDS }).notNull(),
    note: text('note').notNull(),
    actedAt: text('acted_at').notNull(),
    actedBy: integer('acted_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('channel_actions_case').on(t.caseId)],
);

// Scheduled-post sweep: one item per channel per crisis.
export const sweepItems = sqliteTable(
  'sweep_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    result: text('result', { enum: ['no_scheduled_posts', 'none_conflicting', 'hold_placed'] }),
    checkedBy: integer('checked_by').references(() => users.id),
    checkedAt: text('checked_at'),
    // 'api': the platform listed the scheduled posts; null: checked by hand in its scheduler.
    checkedVia: text('checked_via', { enum: ['api'] }),
    version: version(),
  },
  (t) => [uniqueIndex('sweep_items_crisis_channel').on(t.crisisId, t.channelId)],
);

// ---------------------------------------------------------------- owner notifications
export const NOTIFICATION_EVENTS = [
  'takeover_authorised',
  'takeover_withdrawn',
  'hold_placed',
  'hold_released',
  'credentials_revealed',
  'handed_back',
  'crisis_closed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

// Transactional outbox: written in the same transaction as the event that causes it.
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    channelId: integer('channel_id').references(() => channels.id),
    crisisId: integer('crisis_id').references(() => crises.id),
    caseId: integer('case_id').references(() => takeoverCases.id),
    event: text('event', { enum: NOTIFICATION_EVENTS }).notNull(),
    toEmail: text('to_email'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    isExercise: integer('is_exercise', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'not_sendable'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
  },
  (t) => [
    index('notifications_owner').on(t.ownerId),
    index('notifications_case').on(t.caseId),
    index('notifications_queue').on(t.status, t.nextAttemptAt),
  ],
);

export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    notificationId: integer('notification_id')
      .notNull()
      .references(() => notifications.id),
    attemptedAt: text('attempted_at').notNull(),
    result: text('result', { enum: ['sent', 'failed'] }).notNull(),
    response: text('response').notNull(),
  },
  (t) => [index('delivery_attempts_notification').on(t.notificationId)],
);

export const ownerReplies = sqliteTable(
  'owner_replies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => takeoverCases.id),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('owner_replies_case').on(t.caseId)],
);

// ---------------------------------------------------------------- contact requests (issue 23)
// "Stuur contactverzoek": the console itself asks an owner, by SMS and/or e-mail, with a personal
// link to a one-tap answer page. One request per tap; one message per means, each itself a
// contact attempt (outcome awaiting_answer until answered, not delivered or not answered).
export const contactRequests = sqliteTable(
  'contact_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => takeoverCases.id),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => owners.id),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    /** The links stop working then (config contactLinkMinutes), or when the case leaves contacting. */
    expiresAt: text('expires_at').notNull(),
    answeredAt: text('answered_at'),
    answer: text('answer', { enum: ['handles', 'agrees', 'callback'] }),
    callbackPhone: text('callback_phone'),
  },
  (t) => [index('contact_requests_case').on(t.caseId)],
);

// The request's own outbox: claimed, sent and retried like the notifications (outbox.ts's
// retry rule). The personal link's token is made when the message is sent and only its SHA-256
// is kept, so neither the database nor /outbox ever holds a working link.
export const contactMessages = sqliteTable(
  'contact_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => contactRequests.id),
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => contactAttempts.id),
    means: text('means', { enum: ['sms', 'email'] }).notNull(),
    toAddress: text('to_address').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    /** SHA-256 (hex) of the link token in the message as last sent. */
    tokenHash: text('token_hash').unique(),
    /** The gateway's id for an SMS (its delivery report names it) or the SMTP server's answer. */
    providerRef: text('provider_ref'),
    /** The receipt: SMTP acceptance or the gateway's delivery report. */
    delivery: text('delivery', { enum: ['accepted', 'delivered', 'not_delivered'] }),
    deliveryAt: text('delivery_at'),
    deliveryDetail: text('delivery_detail'),
  },
  (t) => [
    index('contact_messages_request').on(t.requestId),
    index('contact_messages_queue').on(t.status, t.nextAttemptAt),
    index('contact_messages_provider').on(t.providerRef),
  ],
);
export type ContactRequest = typeof contactRequests.$inferSelect;
export type ContactMessage = typeof contactMessages.$inferSelect;

// ---------------------------------------------------------------- audit chain
// Append-only (triggers in the migration refuse UPDATE and DELETE). hash = SHA-256 over
// prev_hash and a canonical serialisation of the event; UNIQUE(prev_hash) means two writers
// holding the same chain head cannot both append: the chain cannot fork.
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actorUserId: integer('actor_user_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    crisisId: integer('crisis_id'),
    channelId: integer('channel_id'),
    caseId: integer('case_id'),
    departmentId: integer('department_id'),
    details: text('details').notNull(),
    // No index on hash: nothing looks an event up by it, two equal hashes would need equal
    // prev_hashes, and each random-keyed index costs every append a B-tree page (npm run bench).
    prevHash: text('prev_hash').notNull().unique(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_crisis').on(t.crisisId, t.seq),
    index('audit_channel').on(t.channelId, t.seq),
    index('audit_department').on(t.departmentId, t.seq),
    index('audit_actor').on(t.actorUserId, t.seq),
    index('audit_action').on(t.action, t.seq),
    index('audit_at').on(t.at),
  ],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SecondFactor = typeof secondFactors.$inferSelect;
export type OidcIdentity = typeof oidcIdentities.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Owner = typeof owners.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type Crisis = typeof crises.$inferSelect;
export type TakeoverCase = typeof takeoverCases.$inferSelect;
export type ContactAttempt = typeof contactAttempts.$inferSelect;
export type Hold = typeof holds.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;

// Signed checkpoints of the audit chain's head (src/domain/audit/checkpoints.ts): each row is a
// C2SP tlog-checkpoint note over the first `size` events, append-only by triggers like the trail.
export const checkpoints = sqliteTable('checkpoints', {
  number: integer('number').primaryKey(),
  madeAt: text('made_at').notNull(),
  size: integer('size').notNull(),
  /** The hex hash of event `size` (64 zeros for an empty trail): the note's root hash. */
  rootHash: text('root_hash').notNull(),
  reason: text('reason').notNull(),
  /** The whole signed note, as sent to the witnesses. */
  note: text('note').notNull(),
});
export type Checkpoint = typeof checkpoints.$inferSelect;

// The auditors' witness e-mails (src/domain/notify/witness.ts): checkpoints mailed to the
// addresses in AUDIT_WITNESS_EMAILS, the first of a Brussels day at once and the day's others
// as one digest when the day is over. Not the owners' outbox: a recipient here is an address,
// not an owner, and nothing is acknowledged, grouped per channel or shown on /mine.
export const witnessMails = sqliteTable(
  'witness_mails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    toEmail: text('to_email').notNull(),
    /** The Brussels day (YYYY-MM-DD) of the checkpoints it carries. */
    day: text('day').notNull(),
    kind: text('kind', { enum: ['first', 'digest'] }).notNull(),
    // Checkpoint numbers, deliberately no foreign key: what was mailed stays on record even if
    // someone with the file rewrites the checkpoints table.
    firstCheckpoint: integer('first_checkpoint').notNull(),
    lastCheckpoint: integer('last_checkpoint').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull(),
  },
  // Two queuers cannot mail one checkpoint twice to one address.
  (t) => [
    uniqueIndex('witness_mails_once').on(t.toEmail, t.firstCheckpoint),
    index('witness_mails_queue').on(t.status, t.nextAttemptAt),
  ],
);
export type WitnessMail = typeof witnessMails.$inferSelect;
