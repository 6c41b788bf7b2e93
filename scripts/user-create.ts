// npm run user:create -- --email a@b.be --name "Naam" --roles communicatie[,crisis_operator]
// The password is read from USER_PASSWORD or, when absent, asked on the terminal.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../db/schema';
import { SYSTEM } from '../src/domain/audit/trail';
import { OWASP_SCRYPT_N } from '../src/domain/auth/password';
import { createUser } from '../src/domain/auth/users';
import { translator } from '../src/i18n';
import { openDatabase } from '../src/node/database';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string' },
    language: { type: 'string', default: 'nl' },
  },
});
const roles = (values.roles ?? '').split(',').filter(Boolean) as Role[];
if (!values.email || !values.name || !roles.length || roles.some((r) => !ROLES.includes(r))) {
  console.error(
    `usage: npm run user:create -- --email EMAIL --name NAME --roles ${ROLES.join(',')}`,
  );
  process.exit(2);
}
let password = process.env.USER_PASSWORD;
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('Password (at least 12 characters): ');
  rl.close();
}
const { db, sqlite } = openDatabase(process.env.DATABASE_PATH ?? './data/console.db');
const result = await createUser(
  db,
  SYSTEM,
  {
    email: values.email,
    name: values.name,
    roles,
    password,
    language: values.language === 'en' ? 'en' : 'nl',
    active: true,
  },
  new Date(),
  OWASP_SCRYPT_N,
);
sqlite.close();
if (!result.ok) {
  console.error(`not created: ${translator('en')(result.error)}`);
  process.exit(1);
}
console.log(
  `created user ${result.value.id} <${result.value.email}> with roles ${roles.join(', ')}`,
);
