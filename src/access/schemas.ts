// TypeBox schemas of the access API (they also feed /api/openapi.json).
import { Type } from '@sinclair/typebox';
import { ACTIONS, ROLES } from './actions.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const RoleSchema = literals(ROLES);
export const ActionSchema = literals(ACTIONS);
export const CommunesSchema = Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 100 });
const IsoOrNull = Type.Union([Type.String({ description: 'ISO 8601 date-time' }), Type.Null()]);

export const SessionUser = Type.Object({ id: Type.String(), username: Type.String(), role: Type.String(), communes: Type.Array(Type.String()), displayName: Type.String() });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  communes: Type.Array(Type.String()),
  grantedBy: Type.String(),
  authority: Type.String(),
  validFrom: IsoOrNull,
  validUntil: IsoOrNull,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});

const habilitationFields = {
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  communes: Type.Optional(CommunesSchema),
  grantedBy: Type.Optional(Type.String({ maxLength: 200, description: 'who designated the person' })),
  authority: Type.Optional(Type.String({ maxLength: 200, description: 'under which authority (decision, order)' })),
  validFrom: Type.Optional(IsoOrNull),
  validUntil: Type.Optional(IsoOrNull),
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
