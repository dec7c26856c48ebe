// The admin API's shapes come from the shared contract; a few console-side aliases only.
export type {
  ActionResult,
  ApplicationDetail,
  ApplicationSummary,
  ApplicationUpdate,
  ApplicationView,
  AssignResult,
  AuditEvent,
  AuditPage,
  BulkDeleteResult,
  ClientSecret,
  EmailCheckResult,
  Mandate,
  MandateCreate,
  Me,
  Page,
  Problem,
  Role,
  RoleCreate,
  RoleUpdate,
  RoleMember,
  RoleMembersPage,
  StructureCreate,
  StructureKind,
  StructureNode,
  StructureRef,
  StructureTree,
  UserCard,
  UserCreateInput,
  UserPermissions,
  UserRoleAssignment,
  UserSummary,
  UserUpdateInput,
  UsersPage,
} from "@convergences/contract";

import type { StructureNode } from "@convergences/contract";
/** A node with its children, built in the console from the flat list the API returns. */
export interface TreeNode extends StructureNode {
  children: TreeNode[];
}
