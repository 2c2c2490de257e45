// TypeBox schemas of the access API (they also feed /api/openapi.json).
import { Type } from '@sinclair/typebox';
import { ACTIONS, ROLES } from './actions.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const RoleSchema = literals(ROLES);
export const ActionSchema = literals(ACTIONS);
export const CommunesSchema = Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 100 });
const IsoOrNull = Type.Union([Type.String({ description: 'ISO 8601 date-time' }), Type.Null()]);

export const SessionUser = Type.Object({ id: Type.String(), username: Type.String(), role: Type.String(), communes: Type.Array(Type.String()), displayName: Type.String() });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    code: Type.Optional(Type.String({ maxLength: 10, description: 'the one-time code of an enrolled second factor' })),
  },
  { additionalProperties: false },
);

const PendingSchema = Type.Union([Type.Literal('password-change'), Type.Literal('second-factor-enrolment')]);

/** What the person himself must know about his account: habilitation end, what he must do first, his second factor. */
export const AccountStatus = Type.Object({
  validUntil: IsoOrNull,
  pending: Type.Union([PendingSchema, Type.Null()]),
  secondFactor: Type.Object({ setting: Type.String(), enrolled: Type.Boolean(), required: Type.Boolean() }),
  /** When this login session ends whatever its use (an investigator's time box); null when it is not time-boxed. */
  sessionEndsAt: IsoOrNull,
});

export const PasswordChangeBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const SecondFactorSetup = Type.Object({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() });

export const SecondFactorConfirmBody = Type.Object(
  { secret: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Z2-7]+=*$' }), code: Type.String({ minLength: 1, maxLength: 10 }) },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  communes: Type.Array(Type.String()),
  grantedBy: Type.String(),
  authority: Type.String(),
  reference: Type.String(),
  validFrom: IsoOrNull,
  validUntil: IsoOrNull,
  trainingDate: IsoOrNull,
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  secondFactor: Type.Boolean(),
  createdAt: Type.String(),
});

export const UsersQuery = Type.Object(
  { expiring: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'only habilitations ending within that many days (or ended)' })) },
  { additionalProperties: false },
);

const habilitationFields = {
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  communes: Type.Optional(CommunesSchema),
  grantedBy: Type.Optional(Type.String({ maxLength: 200, description: 'who designated the person' })),
  authority: Type.Optional(Type.String({ maxLength: 200, description: 'under which authority (prefectoral authorisation, mayor’s designation…)' })),
  reference: Type.Optional(Type.String({ maxLength: 200, description: 'the reference of that authorisation or designation' })),
  validFrom: Type.Optional(IsoOrNull),
  validUntil: Type.Optional(IsoOrNull),
  trainingDate: Type.Optional(IsoOrNull),
};

export const CreateUserBody = Type.Object(
  { username: Type.String({ minLength: 2, maxLength: 64 }), role: RoleSchema, password: Type.String({ minLength: 1, maxLength: 1024 }), ...habilitationFields },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  { role: Type.Optional(RoleSchema), password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })), disabled: Type.Optional(Type.Boolean()), ...habilitationFields },
  { additionalProperties: false, minProperties: 1 },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  actions: Type.Array(Type.String()),
  communes: Type.Array(Type.String()),
  createdBy: Type.String(),
  ownerId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  revoked: Type.Boolean(),
  lastUsedAt: IsoOrNull,
});

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** Optional: a token always carries its owner's role; given, it must be that role. */
    role: Type.Optional(RoleSchema),
    actions: Type.Array(ActionSchema, { minItems: 1, maxItems: ACTIONS.length }),
    communes: Type.Optional(CommunesSchema),
    validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 365 })),
  },
  { additionalProperties: false },
);

export const ErrorSchema = Type.Object({ error: Type.String(), message: Type.String() }, { additionalProperties: true });
