/** Applications ("application systems") and their Login Configuration. */
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { ApplicationTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { checkRedirectUris } from './redirect-uris.ts';
import type { Application, ApplicationKind, ClientType } from './views.ts';
import { containsText } from '../store/contains.ts';

export type { Application, ApplicationKind, ClientType };

type Conn = Db | Tx;

export interface ApplicationInput {
  name?: string;
  description?: string;
  logoUrl?: string | null;
  clientType?: ClientType;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  firstParty?: boolean;
}

/** 256-bit client secrets from the CSPRNG, shown once at creation or rotation. */
const CLIENT_SECRET_BYTES = 32;
const secretContext = (id: string) => `applications:${id}`;

export function toApplication(row: ApplicationTable): Application {
  return {
    id: row.id,
    kind: row.kind as ApplicationKind,
    builtIn: row.kind === 'user_center',
    name: row.name,
    description: row.description,
    logoUrl: row.logo_url,
    clientId: row.client_id,
    clientType: row.client_type as ClientType,
    hasSecret: row.client_secret_enc !== null,
    redirectUris: JSON.parse(row.redirect_uris),
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris),
    firstParty: row.first_party === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getApplicationRow(conn: Conn, id: string): Promise<ApplicationTable> {
  const row = await conn.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('application', id);
  return row;
}

export async function listApplications(conn: Conn, filter: { q?: string; kind?: string }) {
  let query = conn.selectFrom('applications').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.q) query = query.where(containsText(['name'], filter.q));
  return query.orderBy('created_at').orderBy('id');
}

/** The client secret in clear, for the OIDC provider's client authentication. */
export function openClientSecret(box: SecretBox, row: ApplicationTable): string | undefined {
  return row.client_secret_enc ? box.open(row.client_secret_enc, secretContext(row.id)) : undefined;
}

function newSecret(box: SecretBox, id: string) {
  const secret = randomBytes(CLIENT_SECRET_BYTES).toString('base64url');
  return { secret, sealed: box.seal(secret, secretContext(id)) };
}

export async function createApplication(tx: Tx, box: SecretBox, input: ApplicationInput & { name: string }) {
  const id = newId('app');
  const clientType = input.clientType ?? 'confidential';
  const secret = clientType === 'confidential' ? newSecret(box, id) : undefined;
  const now = nowIso();
  const row: ApplicationTable = {
    id,
    kind: 'oidc',
    name: input.name.trim(),
    description: input.description?.trim() ?? '',
    logo_url: input.logoUrl ?? null,
    client_id: randomBytes(12).toString('base64url'),
    client_type: clientType,
    client_secret_enc: secret?.sealed ?? null,
    redirect_uris: JSON.stringify(checkRedirectUris(input.redirectUris ?? [], '/redirectUris')),
    post_logout_redirect_uris: JSON.stringify(checkRedirectUris(input.postLogoutRedirectUris ?? [], '/postLogoutRedirectUris')),
    first_party: input.firstParty ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  if (!row.name) throw invalid('application.invalid_name', 'Name cannot be blank.', '/name');
  await tx.insertInto('applications').values(row).execute();
  return { application: toApplication(row), clientSecret: secret?.secret };
}

export async function updateApplication(tx: Tx, box: SecretBox, id: string, input: ApplicationInput) {
  const before = await getApplicationRow(tx, id);
  if (before.kind === 'user_center') {
    for (const key of ['clientType', 'redirectUris', 'postLogoutRedirectUris', 'firstParty'] as const) {
      if (input[key] !== undefined) {
        throw invalid('application.builtin_field', `The User Center's ${key} is managed by Portico.`, `/${key}`);
      }
    }
  }
  const set: Partial<ApplicationTable> = { updated_at: nowIso() };
  let clientSecret: string | undefined;
  if (input.name !== undefined) {
    set.name = input.name.trim();
    if (!set.name) throw invalid('application.invalid_name', 'Name cannot be blank.', '/name');
  }
  if (input.description !== undefined) set.description = input.description.trim();
  if (input.logoUrl !== undefined) set.logo_url = input.logoUrl;
  if (input.redirectUris !== undefined) set.redirect_uris = JSON.stringify(checkRedirectUris(input.redirectUris, '/redirectUris'));
  if (input.postLogoutRedirectUris !== undefined) {
    set.post_logout_redirect_uris = JSON.stringify(checkRedirectUris(input.postLogoutRedirectUris, '/postLogoutRedirectUris'));
  }
  if (input.firstParty !== undefined) set.first_party = input.firstParty ? 1 : 0;
  if (input.clientType !== undefined && input.clientType !== before.client_type) {
    set.client_type = input.clientType;
    if (input.clientType === 'public') set.client_secret_enc = null;
    else {
      const secret = newSecret(box, id);
      set.client_secret_enc = secret.sealed;
      clientSecret = secret.secret;
    }
  }
  await tx.updateTable('applications').set(set).where('id', '=', id).execute();
  return { before: toApplication(before), after: toApplication(await getApplicationRow(tx, id)), clientSecret };
}

export async function rotateClientSecret(tx: Tx, box: SecretBox, id: string) {
  const row = await getApplicationRow(tx, id);
  if (row.client_type !== 'confidential') {
    throw conflict('application.public_client', 'Public clients have no secret; they authenticate with PKCE.');
  }
  const secret = newSecret(box, id);
  await tx.updateTable('applications').set({ client_secret_enc: secret.sealed, updated_at: nowIso() }).where('id', '=', id).execute();
  return { application: toApplication(await getApplicationRow(tx, id)), clientSecret: secret.secret };
}

export async function deleteApplication(tx: Tx, id: string): Promise<Application> {
  const row = await getApplicationRow(tx, id);
  if (row.kind === 'user_center') throw conflict('application.builtin', 'The User Center is built in and cannot be deleted.');
  await tx.deleteFrom('login_configurations').where('application_id', '=', id).execute();
  await tx.deleteFrom('applications').where('id', '=', id).execute();
  return toApplication(row);
}
