// Group membership for what the bot does on its own (core's GroupMembership): each platform's stored person is looked
// up by that channel's own lookup and cache (Slack usergroups.users.list, Microsoft Graph checkMemberGroups), so a
// digest or notification sees the groups a question asked at the same moment would. Channels register once mounted.
import type { Caller, Platform } from '../core/caller';
import type { GroupAnswer, GroupMembership } from '../core/group-membership';

/** What each channel already does for people asking: the caller with the named groups they are in. */
export interface CallerGroups {
  /** `only`: the groups to look up, when the channel can look up fewer than every named one (Slack, per group). */
  settle(caller: Caller, only?: readonly string[]): Promise<Caller>;
}

export class GroupMembershipRouter implements GroupMembership {
  private readonly channels = new Map<Platform, CallerGroups>();

  register(platform: Platform, groups: CallerGroups): void {
    this.channels.set(platform, groups);
  }

  async groupsOf(person: Caller, groupIds: readonly string[]): Promise<GroupAnswer> {
    const channel = this.channels.get(person.platform);
    // Not running (e.g. no SLACK_BOT_TOKEN): unknown, never "in no group", which could read as a narrower guardrail.
    if (channel === undefined) return { failed: `no ${person.platform} channel is running to look groups up` };
    try {
      const settled = await channel.settle(person, groupIds);
      if (settled.groupCheckFailed) return { failed: `the ${person.platform} group lookup failed` };
      if (person.platform === 'teams' && !person.aadObjectId) {
        return { failed: 'the person’s Entra object id is not known, so their groups cannot be looked up' };
      }
      return { groups: (settled.groupIds ?? []).filter((id) => groupIds.includes(id)) };
    } catch (err) {
      return { failed: `the ${person.platform} group lookup failed (${err instanceof Error ? err.message : err})` };
    }
  }
}
