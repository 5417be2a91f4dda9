/**
 * Which rules an event speaks for, so that a silenced rule never alerts (README, Webhook alerts): the planner leaves
 * such events out (src/history/plan-poll.ts), and the dispatcher asks again at dispatch (src/alerts/routing.ts), in
 * case a rule was silenced in between. Pure.
 */
import { isRecord } from '../json/guards.js';
import { PRIVATE_MEMBERS_RULE } from '../checks/key/private-members.js';
import { privateSymmetric } from '../checks/key/private-symmetric.js';
import { privateMemberOf } from '../jwks/redact.js';

interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

const SYMMETRIC_LEAK_RULE = privateSymmetric.id;
const PRIVATE_MEMBERS_LEAK_RULE = PRIVATE_MEMBERS_RULE.id;

/**
 * The rule that reports a leaked private member, as the key rules split them: a "k" member (in any letter case) is
 * a symmetric secret; any other name, or a pointer into a member ("x5c/0"), is a private key member.
 */
export function leakRuleOf(member: string): string {
  return privateMemberOf(member) === 'k' ? SYMMETRIC_LEAK_RULE : PRIVATE_MEMBERS_LEAK_RULE;
}

/**
 * The rules an event speaks for: it stays quiet only when every one of them is silenced. Undefined when no rule
 * can silence it (keys, rotations, reachability), or when the payload does not show all it is about.
 */
export function rulesBehind(event: EventLike): ReadonlySet<string> | undefined {
  const data = isRecord(event.data) ? event.data : undefined;
  if (data === undefined) return undefined;
  switch (event.type) {
    case 'conformance.failed':
    case 'conformance.resolved': {
      const ruleId = data['ruleId'];
      return typeof ruleId === 'string' ? new Set([ruleId]) : undefined;
    }
    case 'rotation.flapping':
      return new Set(['rotation.flapping']);
    case 'key.private_material':
      return leakRules(data);
    default:
      return undefined;
  }
}

/** True when the event is about rules that `silencedRuleIds` all silence. */
export function isSilencedBy(silencedRuleIds: ReadonlySet<string>, event: EventLike): boolean {
  if (silencedRuleIds.size === 0) return false;
  const rules = rulesBehind(event);
  if (rules === undefined || rules.size === 0) return false;
  for (const rule of rules) if (!silencedRuleIds.has(rule)) return false;
  return true;
}

/** The rules behind a leak payload's listed members; undefined when some leaking keys are not listed. */
function leakRules(data: Readonly<Record<string, unknown>>): ReadonlySet<string> | undefined {
  const keys = data['keys'];
  if (!Array.isArray(keys) || data['count'] !== keys.length) return undefined;
  const rules = new Set<string>();
  for (const key of keys) {
    const members: unknown = isRecord(key) ? key['members'] : undefined;
    if (!Array.isArray(members)) return undefined;
    for (const member of members) {
      if (typeof member !== 'string') return undefined;
      rules.add(leakRuleOf(member));
    }
  }
  return rules;
}
