// Each person's time zone, as Teams tells it: typed messages carry `localTimezone`, card clicks do not. Remembered per
// person (in the store when there is one, so every replica knows it), a click and the cards it starts (retry
// progress) show the person's own times instead of UTC.

import type { Caller } from '../../core/caller';
import type { Logger } from '../../log';
import type { Store } from '../../store/store';
import { isTimeZone } from '../time-zone';

export type ZoneStore = Pick<Store, 'getSetting' | 'setSetting'>;

/** People remembered in memory (the store keeps everyone); beyond it the oldest are asked of the store again. */
const MAX_REMEMBERED = 10_000;

export class PersonZones {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly store: ZoneStore | undefined,
    private readonly log: Logger,
  ) {}

  /** The caller with their zone: remembered when the activity carries one, filled in when it does not. */
  async settle(caller: Caller): Promise<Caller> {
    const key = `time-zone:${caller.platform}:${caller.userId}`;
    if (caller.timeZone !== undefined && isTimeZone(caller.timeZone)) {
      if (this.known.get(key) !== caller.timeZone) {
        this.remember(key, caller.timeZone);
        await this.store?.setSetting(key, caller.timeZone).catch((err: unknown) => {
          this.log.warn({ err }, 'could not remember a time zone');
        });
      }
      return caller;
    }
    let zone = this.known.get(key);
    if (zone === undefined && this.store !== undefined) {
      const stored = await this.store.getSetting(key).catch(() => undefined);
      if (isTimeZone(stored)) {
        zone = stored;
        this.remember(key, stored);
      }
    }
    return zone === undefined ? caller : { ...caller, timeZone: zone };
  }

  private remember(key: string, zone: string): void {
    this.known.delete(key);
    this.known.set(key, zone);
    if (this.known.size > MAX_REMEMBERED) this.known.delete(this.known.keys().next().value as string);
  }
}
