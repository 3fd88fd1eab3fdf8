/** A DingTalk identity source's configuration (src/sync/views.ts says what each field means). */
import { Type, type Static } from '@sinclair/typebox';
import { DINGTALK_FIELDS, INACTIVE_POLICIES, MATCH_KEYS, SYNC_TRANSPORTS, type SyncedAttribute } from '../views.ts';

const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 });
const oneOf = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const Field = oneOf(DINGTALK_FIELDS, 'DingTalk field');

/** DingTalk's AES key for HTTP push is 43 characters of [a-zA-Z0-9] (ref §2.2). */
const AES_KEY_PATTERN = '^[A-Za-z0-9]{43}$';

export const DingTalkSyncConfigSchema = Type.Object(
  {
    corpId: Type.String({ minLength: 1, maxLength: 128, pattern: '^\\S+$', description: 'The organisation (CorpId)' }),
    appKey: Type.String({ minLength: 1, maxLength: 128, pattern: '^\\S+$', description: 'AppKey (Client ID) of an internal app with contact permissions' }),
    rootDeptId: Type.Integer({ minimum: 1, description: 'Department synced with everything under it; 1 = the whole organisation' }),
    orgUnitId: Type.String({ minLength: 1, description: 'Org unit the root department lands in' }),
    fieldMapping: Type.Partial(
      Type.Object(
        { displayName: Field, mobile: Field, email: Field, employeeNumber: Field, username: Field, externalId: Field } satisfies Record<SyncedAttribute, unknown>,
        { additionalProperties: false, description: 'Portico attribute ← DingTalk field; an attribute left out is not synced' },
      ),
    ),
    matchKey: oneOf(MATCH_KEYS, 'Attribute that finds existing users'),
    inactive: oneOf(INACTIVE_POLICIES, 'People who have not activated DingTalk'),
    disableThresholdPercent: Type.Integer({ minimum: 0, maximum: 100, description: 'Largest share of linked users one run may disable without confirmation' }),
    reconcileHour: Type.Union([Type.Integer({ minimum: 0, maximum: 23 }), Type.Null()], { description: 'Hour of the nightly full reconcile; null: none' }),
    transport: oneOf(SYNC_TRANSPORTS, 'How events arrive'),
    bindSourceId: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'DingTalk login source whose bindings synced people get' }),
    endpoints: Type.Object({ api: HttpUrl, oapi: HttpUrl }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type DingTalkSyncConfig = Static<typeof DingTalkSyncConfigSchema>;

export const DingTalkSyncSecretsSchema = Type.Object(
  {
    appSecret: Type.String({ minLength: 1, maxLength: 256 }),
    pushToken: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    pushAesKey: Type.Optional(Type.String({ pattern: AES_KEY_PATTERN, description: '43 characters from the 事件订阅 page' })),
  },
  { additionalProperties: false },
);
export type DingTalkSyncSecrets = Static<typeof DingTalkSyncSecretsSchema>;
