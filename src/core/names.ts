// How the bot names things on cards: items and jobs by friendly name with their subscription's display name (never a
// GUID unless the bot cannot read the name), SQL and HANA databases with the VM that hosts them, lists cut to a length.

import { itemNameFromId } from './domain/arm-id';
import type { DigestItem } from './domain/digest';
import type { Job } from './domain/jobs';
import type { DatasourceRef } from './domain/refs';
import type { WorkloadOrOther } from './domain/workload';
import { clipText } from './views/shared/words';

/** Lower-case subscription id → display name. */
export type SubscriptionNames = ReadonlyMap<string, string>;

const MAX_NAME = 60;

/** A subscription for a card's small print: its name cut to `max`, or "sub 0b2e4f1a" when the name is unknown. */
export function subscriptionShort(id: string | undefined, names: SubscriptionNames, max = 30): string {
  return clipText(subscriptionLabel(id, names), max);
}

/** "Contoso Prod (0b2e4f1a-…)": the name with the id beside it, or the id alone when the name is unknown. */
export function subscriptionWithId(id: string, names: SubscriptionNames): string {
  const name = names.get(id.toLowerCase());
  return name === undefined ? id : `${name} (${id})`;
}

/** "Contoso Prod", or "sub 0b2e4f1a" when the bot cannot read the subscription's name. */
export function subscriptionLabel(id: string | undefined, names: SubscriptionNames): string {
  if (id === undefined || id === '') return '';
  return names.get(id.toLowerCase()) ?? `sub ${id.slice(0, 8)}`;
}

/** The VM a SQL or HANA database runs on, from the datasource id (RSV: the VM's ARM id). */
function hostOf(workload: WorkloadOrOther, ds: DatasourceRef): string | undefined {
  if (workload !== 'sql' && workload !== 'hana') return undefined;
  const m = /\/virtualmachines\/([^/]+)$/i.exec(ds.id ?? '');
  return m?.[1];
}

/**
 * "master on sqlvm-02" for a SQL or HANA database (its name alone says too little); other items by their name. At most
 * `max` characters either way: the host takes up to half, the database name the rest.
 */
export function nameOnHost(name: string, workload: WorkloadOrOther, ds: DatasourceRef, max = MAX_NAME): string {
  const host = hostOf(workload, ds);
  const whole = name === '' ? '(unnamed)' : name;
  if (host === undefined || whole.toLowerCase().includes(host.toLowerCase())) return clipText(whole, max);
  const on = clipText(host, Math.floor(max / 2));
  return `${clipText(whole, max - on.length - 4)} on ${on}`;
}

function label(
  name: string,
  workload: WorkloadOrOther,
  ds: DatasourceRef,
  sub: string | undefined,
  names: SubscriptionNames,
) {
  const named = nameOnHost(name, workload, ds);
  const where = subscriptionLabel(sub, names);
  return where === '' ? named : `${named} (${where})`;
}

/** "vm-web-01 (Contoso Prod)", "master on sqlvm-02 (Contoso Dev)". */
export function itemLabel(item: DigestItem, names: SubscriptionNames): string {
  return label(
    item.name,
    item.workload,
    item.datasource,
    item.datasource.subscriptionId ?? item.vault.subscriptionId,
    names,
  );
}

export function jobLabel(job: Job, names: SubscriptionNames): string {
  return label(
    job.datasource.name,
    job.workload,
    job.datasource,
    job.datasource.subscriptionId ?? job.subscriptionId,
    names,
  );
}

/** "a, b, c and 4 more" (at most `max` names). */
export function nameList(labels: readonly string[], max: number): string {
  if (labels.length <= max) return labels.join(', ');
  return `${labels.slice(0, max).join(', ')} and ${labels.length - max} more`;
}

/** A backup instance as a choice names it: a SQL or HANA database with its VM ("master on sqlvm-02"), else its name. */
export function instanceLabel(i: { id: string; friendlyName: string; workload: WorkloadOrOther }): string {
  return i.workload === 'sql' || i.workload === 'hana' ? itemNameFromId(i.id) : i.friendlyName;
}
