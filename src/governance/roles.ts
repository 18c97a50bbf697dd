import type { Requester } from '../chat/port.js';
import { ownerOf } from '../queue/request.js';

/**
 * Who may do what, from GPUBOT_ADMINS, GPUBOT_CREATORS and GPUBOT_APPROVERS. Every entry is a
 * platform-scoped principal (`slack:U…`, `dingtalk:<staffId>`), compared with the requester's own
 * principal, whose platform the adapter sets: a DingTalk staff id spelled like a Slack admin stays a
 * DingTalk user (`dingtalk:slack:U…`), so no one can borrow a role from another platform.
 */
export interface Roles {
  /** May delete or stop anyone's clusters and notebooks, and read the audit log. */
  readonly admins: readonly string[];
  /** May create clusters and start notebooks; empty means everyone in scope. Admins always may. */
  readonly creators: readonly string[];
  /** May approve spending that needs someone other than the requester (used by approvals). */
  readonly approvers: readonly string[];
}

export const NO_ROLES: Roles = { admins: [], creators: [], approvers: [] };

export function isAdmin(roles: Pick<Roles, 'admins'>, who: Requester): boolean {
  return roles.admins.includes(ownerOf(who));
}

export function mayCreate(roles: Roles, who: Requester): boolean {
  return roles.creators.length === 0 || roles.creators.includes(ownerOf(who)) || isAdmin(roles, who);
}

/** Delete, stop, confirm: the owner of the resource (its `<platform>:<user id>` tag) or an admin. */
export function mayManage(roles: Pick<Roles, 'admins'>, who: Requester, owner: string | undefined): boolean {
  return owner === ownerOf(who) || isAdmin(roles, who);
}

/** Passwords and other secrets of a resource go to its owner only; being an admin is not enough. */
export function mayReadSecret(who: Requester, owner: string | undefined): boolean {
  return owner === ownerOf(who);
}

/** An approver, and not the person who asked: no one approves their own spending. */
export function mayApprove(roles: Pick<Roles, 'approvers'>, who: Requester, requester: Requester): boolean {
  return roles.approvers.includes(ownerOf(who)) && ownerOf(who) !== ownerOf(requester);
}
