import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { RouteDeps } from './deps.ts';
import { loginStats } from '../../audit/login-stats.ts';
import { SIGN_IN_METHODS } from '../../identity/registry.ts';

const tags = ['audit'];

const LoginStatsQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'How many days, today included' })),
    tzOffsetMinutes: Type.Optional(
      Type.Integer({ minimum: -720, maximum: 840, multipleOf: 15, default: 0, description: "The viewer's offset from UTC in minutes (UTC+8 → 480; every time zone's is a multiple of 15): days start at their midnight" }),
    ),
  },
  { additionalProperties: false },
);

const LoginStats = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  tzOffsetMinutes: Type.Integer(),
  methods: Type.Array(Type.String(), { description: 'Sign-in methods, in chart order' }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      counts: Type.Record(Type.String(), Type.Integer(), { description: 'Successful sign-ins by method' }),
      total: Type.Integer(),
    }),
  ),
  failures: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() }), { description: 'Failed login steps by reason code, most frequent first' }),
  secondFactorFailures: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() }), { description: 'Of those, the failures at the second factor, by reason' }),
  totals: Type.Object({ signIns: Type.Integer(), failures: Type.Integer() }),
});

export async function statsRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  app.get<{ Querystring: Static<typeof LoginStatsQuery> }>(
    '/stats/logins',
    {
      config: { permission: 'audit:read' },
      schema: { tags, summary: 'Sign-ins per day by method and failures by reason (read-only, from the audit log)', querystring: LoginStatsQuery, response: { 200: LoginStats } },
    },
    async (request) => loginStats(ctx.store.db, ctx.store.dialect, { days: request.query.days ?? 14, tzOffsetMinutes: request.query.tzOffsetMinutes ?? 0, methods: SIGN_IN_METHODS }),
  );
}
