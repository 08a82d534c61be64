// Demo mode: the names help and welcome examples use, taken from the demo estate, so that every example a newcomer
// copies finds something: a VM backup item whose name no other item has, its vault (a name no other vault has), the
// resource group and region of the VM, and its subscription's display name.
import type { ExampleNames } from './core/commands/help';
import type { BackupDataPort } from './core/ports';

const lower = (s: string) => s.toLowerCase();

function countBy<T>(list: readonly T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of list) out.set(lower(key(t)), (out.get(lower(key(t))) ?? 0) + 1);
  return out;
}

/** Undefined when the estate has no such item (the generic examples stay). */
export async function demoExampleNames(data: BackupDataPort): Promise<ExampleNames | undefined> {
  const [items, vaults, names] = await Promise.all([
    data.instances({}, { limit: 5000 }),
    data.vaults({}),
    data.subscriptionNames?.() ?? Promise.resolve(new Map<string, string>()),
  ]);
  const itemNames = countBy(items.value.instances, (i) => i.friendlyName);
  const vaultNames = countBy(vaults.value.vaults, (v) => v.name);
  const pick = items.value.instances.find(
    (i) =>
      i.workload === 'vm' &&
      itemNames.get(lower(i.friendlyName)) === 1 &&
      vaultNames.get(lower(i.vault.name)) === 1 &&
      i.datasource.resourceGroup !== undefined &&
      i.datasource.location !== undefined,
  );
  if (pick === undefined) return undefined;
  const subscriptionId = pick.datasource.subscriptionId ?? pick.vault.subscriptionId;
  return {
    vault: pick.vault.name,
    item: pick.friendlyName,
    subscription: names.get(lower(subscriptionId)) ?? subscriptionId,
    resourceGroup: pick.datasource.resourceGroup as string,
    location: pick.datasource.location as string,
  };
}
