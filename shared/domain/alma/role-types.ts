import type { PermissionArea } from '../rules';

/**
 * The Alma role types the role profiles may give, as Ex Libris documents them. A role's
 * `role_type` is a code of Alma's code table "UserRoleTypes" (Configuration → User Management →
 * Roles; `GET /almaws/v1/conf/code-tables/UserRoleTypes`); the `user_role` object of the Users
 * API (`rest_user.xsd`, OpenAPI `specs/users.json` as published in
 * github.com/ugent-library/exlibris-alma-sdk) carries `role_type`, `scope` and `parameter[]`
 * (`type`, `scope`, `value`). Which parameter a role takes and the level of its scope are those of
 * Ex Libris' "Managing User Roles" (Alma online help) and of public staff loaders that create these
 * roles through the API (e.g. 32/51/221 with `CirculationDesk`, 37/214 with `ServiceUnit`, 204
 * scoped to the institution, 54 Purchasing Operator without parameter).
 *
 * `area` is the permission area of the request's tasks the role belongs to: the shared-account
 * rule (fulfillment and inventory only, docs/design.md) is checked on it, so a profile can only
 * hold roles of its own area.
 */
export type RoleParameterType = 'CirculationDesk' | 'ServiceUnit';

export interface AlmaRoleType {
  code: string;
  name: string;
  area: PermissionArea;
  /** The scope Alma expects: a library code, or the institution's code. */
  scope: 'library' | 'institution';
  /** Parameter types the role must have (at least one of each) and may have; none means none allowed. */
  parameters: readonly RoleParameterType[];
}

export const ALMA_ROLE_TYPES: readonly AlmaRoleType[] = [
  {
    code: '32',
    name: 'Circulation Desk Operator',
    area: 'fulfillment',
    scope: 'library',
    parameters: ['CirculationDesk'],
  },
  {
    code: '221',
    name: 'Circulation Desk Manager',
    area: 'fulfillment',
    scope: 'library',
    parameters: ['CirculationDesk'],
  },
  {
    code: '51',
    name: 'Requests Operator',
    area: 'fulfillment',
    scope: 'library',
    parameters: ['CirculationDesk'],
  },
  {
    code: '215',
    name: 'Fulfillment Services Manager',
    area: 'fulfillment',
    scope: 'library',
    parameters: [],
  },
  {
    code: '214',
    name: 'Work Order Operator',
    area: 'fulfillment',
    scope: 'library',
    parameters: ['ServiceUnit'],
  },
  { code: '210', name: 'Physical Inventory Operator', area: 'inventory', scope: 'library', parameters: [] },
  { code: '228', name: 'Collection Inventory Operator', area: 'inventory', scope: 'library', parameters: [] },
  { code: '204', name: 'Cataloger', area: 'cataloguing', scope: 'institution', parameters: [] },
  { code: '54', name: 'Purchasing Operator', area: 'acquisitions', scope: 'library', parameters: [] },
  { code: '55', name: 'Purchasing Manager', area: 'acquisitions', scope: 'library', parameters: [] },
  {
    code: '37',
    name: 'Receiving Operator',
    area: 'acquisitions',
    scope: 'library',
    parameters: ['ServiceUnit'],
  },
];

const BY_CODE = new Map(ALMA_ROLE_TYPES.map((t) => [t.code, t]));

export function almaRoleType(code: string): AlmaRoleType | undefined {
  return BY_CODE.get(code);
}

/**
 * What is wrong with one configured role for its profile's area, as sentences an operator acts
 * on; empty when the role fits its type.
 */
export function roleTypeProblems(
  role: { role_type: string; parameters: readonly { type: string }[] },
  profileArea: PermissionArea,
): string[] {
  const type = almaRoleType(role.role_type);
  if (!type)
    return [
      `role_type ${role.role_type} is not a role type this suite knows (${ALMA_ROLE_TYPES.map((t) => `${t.code} ${t.name}`).join(', ')}); add it to shared/domain/alma/role-types.ts with its area and parameters from Alma's UserRoleTypes code table`,
    ];
  const label = `role_type ${type.code} (${type.name})`;
  const problems: string[] = [];
  if (type.area !== profileArea)
    problems.push(
      `${label} is a ${type.area} role, not a ${profileArea} one: put it in a ${type.area} profile`,
    );
  const given = new Set(role.parameters.map((p) => p.type));
  for (const wanted of type.parameters)
    if (!given.has(wanted)) problems.push(`${label} needs a ${wanted} parameter`);
  for (const extra of given)
    if (!(type.parameters as readonly string[]).includes(extra))
      problems.push(
        type.parameters.length
          ? `${label} takes ${type.parameters.join(' or ')} parameters, not ${extra}`
          : `${label} takes no parameter, not ${extra}`,
      );
  return problems;
}
