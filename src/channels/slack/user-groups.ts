// Which of the Slack user groups that RETRY_ALLOW, READ_ALLOW and DIGEST_ALLOW name a person belongs to
// (usergroups.users.list, needs usergroups:read). Members are cached per group for a few minutes, looked up a few at a
// time; a group whose lookup failed is unknown, never a membership, and the caller says so (groupCheckFailed).

import type { Caller } from '../../core/caller';
import type { Logger } from '../../log';

export interface SlackGroupOptions {
  /** The user group ids (S…) the rules name; empty: nobody is looked up. */
  groupIds: readonly string[];
  /** The members of one user group (usergroups.users.list); rejects when Slack refuses or does not answer. */
  members(groupId: string): Promise<readonly string[]>;
  log: Logger;
  /** How long a group's members are kept (default 5 minutes: a removal takes effect within that). */
  ttlMs?: number;
  /** Lookups at once (default 4: Slack's Tier 2 limit is about 20 a minute per method). */
  concurrency?: number;
  now?: () => number;
}

interface Entry {
  members: ReadonlySet<string>;
  until: number;
}

export class SlackGroups {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  private readonly reported = new Set<string>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SlackGroupOptions) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The caller with the named groups they are in; unchanged when no rule names a Slack group. `only`: just these of
   * them (a digest asks for READ_ALLOW's alone). Never rejects.
   */
  async settle(caller: Caller, only?: readonly string[]): Promise<Caller> {
    const groupIds =
      only === undefined ? this.options.groupIds : this.options.groupIds.filter((id) => only.includes(id));
    if (groupIds.length === 0 || caller.userId === '') return caller;
    const found: string[] = [];
    let failed = false;
    const queue = [...groupIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const members = await this.membersOf(id);
        if (members === undefined) failed = true;
        else if (members.has(caller.userId)) found.push(id);
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 4, groupIds.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return { ...caller, groupIds: found.sort(), ...(failed ? { groupCheckFailed: true } : {}) };
  }

  /** A group's members, cached; undefined when the lookup failed (not cached: asked again next time). */
  private membersOf(groupId: string): Promise<ReadonlySet<string> | undefined> {
    const entry = this.entries.get(groupId);
    if (entry !== undefined && entry.until > this.now()) return Promise.resolve(entry.members);
    let lookup = this.pending.get(groupId);
    if (lookup === undefined) {
      lookup = this.lookUp(groupId).finally(() => this.pending.delete(groupId));
      this.pending.set(groupId, lookup);
    }
    return lookup;
  }

  private async lookUp(groupId: string): Promise<ReadonlySet<string> | undefined> {
    try {
      const members = new Set(await this.options.members(groupId));
      this.entries.set(groupId, { members, until: this.now() + this.ttlMs });
      return members;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const key = `${groupId}:${typeof code === 'string' ? code : 'no-answer'}`;
      // Said once per group and cause: a missing scope or a deleted group would otherwise be logged on every question.
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.options.log.warn(
          { err, groupId },
          'could not read a Slack user group (usergroups.users.list; the app needs usergroups:read); its rules do not apply until it can',
        );
      }
      return undefined;
    }
  }
}
