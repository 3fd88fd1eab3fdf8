/**
 * Applications ("application systems"): what every application has (name, description, logo, whether it
 * is built in), and its protocol's settings, checked, stored and shown by the protocol (src/protocols/).
 */
import type { Db, Tx } from '../store/database.ts';
import { nowIso } from '../store/database.ts';
import type { SecondFactorPolicy } from '../factors/views.ts';
import { policyOf } from '../factors/policy.ts';
import { SOURCE_TYPES } from '../identity/registry.ts';
import type { ApplicationTable } from '../store/schema.ts';
import { newId } from '../store/ids.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { assertValid } from '../validation.ts';
import { containsText } from '../store/contains.ts';
import { applicationProtocol, DEFAULT_PROTOCOL, settingsChangeSchema } from '../protocols/registry.ts';
import type { ProtocolWrite } from '../protocols/types.ts';
import type { Application } from './views.ts';

export type { Application };

type Conn = Db | Tx;

/** What an application is given: its own fields, and its protocol's settings (checked by the protocol). */
export interface ApplicationInput {
  name?: string;
  description?: string;
  logoUrl?: string | null;
  /** What is given replaces those parts of the policy. */
  secondFactor?: Partial<SecondFactorPolicy>;
  inPortal?: boolean;
  settings?: Record<string, unknown>;
}

/**
 * `kind` before protocols: `user_center` for the built-in application, else its protocol. Still written,
 * for nodes of the previous version during a rolling upgrade, and still answered by the API; read by nothing.
 */
const LEGACY_BUILT_IN_KIND = 'user_center';
const legacyKind = (row: Pick<ApplicationTable, 'built_in' | 'protocol'>) => (row.built_in === 1 ? LEGACY_BUILT_IN_KIND : row.protocol);

export function toApplication(row: ApplicationTable): Application {
  return {
    id: row.id,
    kind: legacyKind(row),
    protocol: row.protocol,
    builtIn: row.built_in === 1,
    name: row.name,
    description: row.description,
    logoUrl: row.logo_url,
    secondFactor: policyOf(row.second_factor),
    inPortal: row.in_portal === 1,
    ...applicationProtocol(row.protocol).view(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  } as Application;
}

export async function getApplicationRow(conn: Conn, id: string): Promise<ApplicationTable> {
  const row = await conn.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('application', id);
  return row;
}

/** `kind` (the filter before protocols): `user_center` is the built-in application, a protocol the others speaking it. */
export async function listApplications(conn: Conn, filter: { q?: string; protocol?: string; kind?: string }) {
  let query = conn.selectFrom('applications').selectAll();
  if (filter.protocol) query = query.where('protocol', '=', filter.protocol);
  if (filter.kind === LEGACY_BUILT_IN_KIND) query = query.where('built_in', '=', 1);
  else if (filter.kind) query = query.where('protocol', '=', filter.kind).where('built_in', '=', 0);
  if (filter.q) query = query.where(containsText(['name'], filter.q));
  return query.orderBy('created_at').orderBy('id');
}

/** The policy as given, each method a source type (the first factors it can follow). */
function checkedPolicy(base: string | null, given: Partial<SecondFactorPolicy>): string {
  const unknown = (given.methods ?? []).find((m) => !SOURCE_TYPES.some((t) => t.type === m));
  if (unknown !== undefined) throw invalid('application.unknown_sign_in_method', `"${unknown}" is not a sign-in method (a source type such as sms or dingtalk).`, '/secondFactor/methods');
  return JSON.stringify({ ...policyOf(base), ...given });
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('application.invalid_name', 'Name cannot be blank.', '/name');
  return trimmed;
}

/** Creates an application speaking `protocol` (the default when none is named); its secret, if it has one, comes back once. */
export async function createApplication(tx: Tx, box: SecretBox, input: ApplicationInput & { name: string; protocol?: string }) {
  const protocol = applicationProtocol(input.protocol ?? DEFAULT_PROTOCOL);
  const settings = { ...input.settings };
  assertValid(protocol.settingsSchema, settings);
  const id = newId('app');
  const name = checkedName(input.name);
  const { columns, secret } = protocol.create(settings, { applicationId: id, secretBox: box });
  const now = nowIso();
  const row: ApplicationTable = {
    id,
    protocol: protocol.name,
    built_in: 0,
    kind: legacyKind({ built_in: 0, protocol: protocol.name }),
    name,
    description: input.description?.trim() ?? '',
    logo_url: input.logoUrl ?? null,
    ...columns,
    second_factor: checkedPolicy(null, input.secondFactor ?? {}),
    in_portal: input.inPortal ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await assertIdentifierFree(tx, row.client_id, id);
  await tx.insertInto('applications').values(row).execute();
  return { application: toApplication(row), clientSecret: secret };
}

/** Changes what is given; a built-in application's protocol settings are Portico's, and its protocol never changes. */
export async function updateApplication(tx: Tx, box: SecretBox, id: string, input: ApplicationInput) {
  const before = await getApplicationRow(tx, id);
  const protocol = applicationProtocol(before.protocol);
  const settings = { ...input.settings };
  if (before.built_in === 1) {
    const [key] = Object.keys(settings);
    if (key !== undefined) throw invalid('application.builtin_field', `The ${key} of the built-in ${before.name} is managed by Portico.`, `/${key}`);
  }
  assertValid(settingsChangeSchema(protocol), settings);
  const set: Partial<ApplicationTable> = { updated_at: nowIso() };
  if (input.name !== undefined) set.name = checkedName(input.name);
  if (input.description !== undefined) set.description = input.description.trim();
  if (input.logoUrl !== undefined) set.logo_url = input.logoUrl;
  if (input.secondFactor !== undefined) set.second_factor = checkedPolicy(before.second_factor, input.secondFactor);
  if (input.inPortal !== undefined) set.in_portal = input.inPortal ? 1 : 0;
  const changed = protocol.change(before, settings, { applicationId: id, secretBox: box });
  return { before: toApplication(before), ...(await write(tx, id, set, changed)) };
}

/** A new secret for an application whose protocol gives it one; the old one stops working at once. */
export async function rotateApplicationSecret(tx: Tx, box: SecretBox, id: string) {
  const row = await getApplicationRow(tx, id);
  const protocol = applicationProtocol(row.protocol);
  if (!protocol.rotateSecret) throw conflict('application.no_secret', `${protocol.label} applications have no secret.`);
  const { after, clientSecret } = await write(tx, id, { updated_at: nowIso() }, protocol.rotateSecret(row, { applicationId: id, secretBox: box }));
  return { application: after, clientSecret };
}

/**
 * An application's identifier in its protocol (an OpenID Connect client id, a SAML entity ID) names one
 * application: a second with the same one is a conflict, said before the unique index would refuse it.
 */
export async function assertIdentifierFree(tx: Tx, identifier: string | undefined, id: string) {
  if (identifier === undefined) return;
  const other = await tx.selectFrom('applications').select('name').where('client_id', '=', identifier).where('id', '!=', id).executeTakeFirst();
  if (other) throw conflict('application.identifier_taken', `${other.name} already uses ${JSON.stringify(identifier)}.`);
}

async function write(tx: Tx, id: string, set: Partial<ApplicationTable>, changed: ProtocolWrite<Partial<ApplicationTable>>) {
  await assertIdentifierFree(tx, changed.columns.client_id, id);
  await tx.updateTable('applications').set({ ...set, ...changed.columns }).where('id', '=', id).execute();
  return { after: toApplication(await getApplicationRow(tx, id)), clientSecret: changed.secret };
}

export async function deleteApplication(tx: Tx, id: string): Promise<Application> {
  const row = await getApplicationRow(tx, id);
  if (row.built_in === 1) throw conflict('application.builtin', `${row.name} is built in and cannot be deleted.`);
  await tx.deleteFrom('login_configurations').where('application_id', '=', id).execute();
  await tx.deleteFrom('applications').where('id', '=', id).execute();
  return toApplication(row);
}
