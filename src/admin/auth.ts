/** Who is calling the admin API, and whether their role allows the route. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/database.ts';
import { fail } from '../errors.ts';
import type { Actor } from '../audit/audit.ts';
import { resolveAdminSession, type Admin } from './admins.ts';
import { can, type Permission } from './roles.ts';

export const ADMIN_COOKIE = 'portico_admin';

declare module 'fastify' {
  interface FastifyRequest {
    admin?: Admin;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; routes without one are open (sign-in, OpenAPI document). */
    permission?: Permission;
  }
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  return request.cookies[ADMIN_COOKIE] || undefined;
}

export function adminAuthHook(store: Store) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return;
    const token = sessionToken(request);
    const admin = token ? await resolveAdminSession(store.db, token) : undefined;
    if (!admin) throw fail('admin.unauthenticated', 'Sign in to the Enterprise Center first.');
    if (!can(admin.role, permission)) {
      throw fail('admin.forbidden', `Your role (${admin.role}) does not allow ${permission.replace(':', ' ')}.`);
    }
    request.admin = admin;
  };
}

export function actorOf(request: FastifyRequest): Actor {
  return {
    type: request.admin ? 'admin' : 'anonymous',
    id: request.admin?.id ?? null,
    name: request.admin?.username ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}
