// Compute datasources and their protection: VMs (Windows/Linux), SQL Server VMs (+ sqlvirtualmachines rows and
// SQL database items), SAP HANA VMs (HANA database items) and managed data disks (Backup vault instances).
// A few protected VMs and disks are deleted: their item / instance stays and its jobs fail (datasource gone).
import { DS_TYPE } from './arm';
import { addBvInstance } from './bv-instances';
import type { GenContext, VaultRec } from './context';
import { caseVariant, HANA_SIDS, pad, SQL_DBS, VM_SIZES, variantId } from './names';
import { place } from './placement';
import { createRng, deriveSeed, type Rng } from './prng';
import { buildDiskRow, buildSqlVmRow, buildVmRow, type Placement, resourceId, type VmImage } from './resource-rows';
import { addRsvItem } from './rsv-items';

interface VmRec {
  p: Placement;
  name: string;
  id: string;
}

/** Recent VM ids per subscription, for attaching data disks (managedBy). */
type AttachPool = Map<number, string[]>;

function emitVm(
  ctx: GenContext,
  rng: Rng,
  p: Placement,
  name: string,
  image: VmImage,
  deleted: boolean,
  pool: AttachPool,
): VmRec {
  const id = resourceId(p, 'Microsoft.Compute/virtualMachines', name);
  if (!deleted) {
    const osDisk = `${name}_OsDisk_1_${rng.hex(32)}`;
    const osDiskId = resourceId(p, 'Microsoft.Compute/disks', osDisk);
    ctx.tables.Resources.push(buildVmRow(p, name, image, rng.pick(VM_SIZES), rng.guid(), osDiskId, rng.chance(0.9)));
    ctx.tables.Resources.push(
      buildDiskRow(
        p,
        osDisk,
        id,
        image === 'windows' || image === 'sql' ? 127 : 30,
        true,
        image === 'windows' || image === 'sql' ? 'Windows' : 'Linux',
      ),
    );
    const list = pool.get(p.sub.index) ?? [];
    if (list.length >= 64) list.shift();
    list.push(id);
    pool.set(p.sub.index, list);
  }
  return { p, name, id };
}

function names(rng: Rng, vm: VmRec): { rg: string; vm: string } {
  return rng.chance(0.7) ? { rg: vm.p.rg.toLowerCase(), vm: vm.name.toLowerCase() } : { rg: vm.p.rg, vm: vm.name };
}

function protectVm(ctx: GenContext, rng: Rng, vault: VaultRec, vm: VmRec, deleted: boolean): void {
  const n = names(rng, vm);
  const prefix = rng.chance(0.8) ? 'IaasVMContainer' : 'iaasvmcontainer';
  addRsvItem(ctx, rng, vault, {
    workload: 'vm',
    // Dev/test VMs are often on a weekly policy; a few production VMs use an enhanced (every-12-hours) policy.
    policyKind: vm.p.env !== 'prod' && rng.chance(0.45) ? 'vmWeekly' : rng.chance(0.08) ? 'vmEnhanced' : 'vm',
    container: `${prefix};iaasvmcontainerv2;${n.rg};${n.vm}`,
    itemName: `VM;iaasvmcontainerv2;${n.rg};${n.vm}`,
    friendlyName: vm.name,
    sourceResourceId: variantId(rng.next(), vm.id),
    datasourceName: vm.name,
    datasourceLocation: vm.p.location,
    deletedError: deleted ? 'ResourceNotFound' : undefined,
  });
}

function appContainer(rng: Rng, vm: VmRec): string {
  const n = names(rng, vm);
  return rng.chance(0.7) ? `VMAppContainer;Compute;${n.rg};${n.vm}` : `vmappcontainer;compute;${n.rg};${n.vm}`;
}

function protectSql(ctx: GenContext, rng: Rng, vault: VaultRec, vm: VmRec): void {
  const container = appContainer(rng, vm);
  const instance = rng.chance(0.8) ? 'MSSQLSERVER' : 'SQL2019';
  const dbs = new Set(['master', 'msdb']);
  const userDbs = rng.int(1, 5);
  while (dbs.size < 2 + userDbs) dbs.add(rng.pick(SQL_DBS.slice(3)));
  const source = variantId(rng.next(), vm.id);
  for (const db of dbs) {
    const lower = rng.chance(0.3);
    addRsvItem(ctx, rng, vault, {
      workload: 'sql',
      policyKind: 'sql',
      container,
      itemName: lower ? `sqldatabase;${instance.toLowerCase()};${db.toLowerCase()}` : `SQLDataBase;${instance};${db}`,
      friendlyName: db,
      sourceResourceId: source,
      datasourceName: vm.name,
      datasourceLocation: vm.p.location,
      workload2: {
        serverName: vm.name,
        parentName: instance,
        parentType: 'AzureVmWorkloadSQLInstance',
        workloadType: 'SQLDataBase',
        itemType: 'AzureVmWorkloadSQLDatabase',
      },
    });
  }
}

function protectHana(ctx: GenContext, rng: Rng, vault: VaultRec, vm: VmRec): void {
  const container = appContainer(rng, vm);
  const sid = rng.pick(HANA_SIDS);
  const source = variantId(rng.next(), vm.id);
  const items: [string, string, string, string][] = [
    ['SAPHanaDatabase', 'SYSTEMDB', 'SAPHanaDatabase', 'AzureVmWorkloadSAPHanaDatabase'],
    ['SAPHanaDatabase', sid, 'SAPHanaDatabase', 'AzureVmWorkloadSAPHanaDatabase'],
  ];
  // Snapshot-based HANA instance items exist too (naming per docs/azure-facts.md §1.2; exact strings unverified).
  if (rng.chance(0.2)) items.push(['SAPHanaDBInstance', sid, 'SAPHanaDBInstance', 'AzureVmWorkloadSAPHanaDBInstance']);
  for (const [prefix, db, workloadType, itemType] of items) {
    const name = `${prefix};${sid};${db}`;
    addRsvItem(ctx, rng, vault, {
      workload: 'hana',
      policyKind: 'hana',
      container,
      itemName: rng.chance(0.3) ? name.toLowerCase() : name,
      friendlyName: db,
      sourceResourceId: source,
      datasourceName: vm.name,
      datasourceLocation: vm.p.location,
      workload2: {
        serverName: vm.name,
        parentName: sid,
        parentType: 'AzureVmWorkloadSAPHanaSystem',
        workloadType,
        itemType,
      },
    });
  }
}

export function generateCompute(ctx: GenContext): void {
  const pool: AttachPool = new Map();
  const { scale } = ctx;
  let rng = createRng(deriveSeed(ctx.seed, 'vms'));
  for (let i = 0; i < scale.vms; i++) {
    const { p, vault } = place(ctx, rng, 'rsv', i, scale.vms, undefined, { crossSubscriptionEvery: 25 });
    const name = caseVariant(`vm-${p.app}-${p.env}-${pad(i + 1, 4)}`, rng.chance(0.25) ? rng.int(1, 3) : 0);
    const deleted = vault !== undefined && (i === 1 || rng.chance(0.02));
    const vm = emitVm(ctx, rng, p, name, rng.chance(0.55) ? 'windows' : 'linux', deleted, pool);
    if (vault) protectVm(ctx, rng, vault, vm, deleted);
  }
  rng = createRng(deriveSeed(ctx.seed, 'sql'));
  for (let i = 0; i < scale.sqlVms; i++) {
    const { p, vault } = place(ctx, rng, 'rsv', i, scale.sqlVms);
    const vm = emitVm(ctx, rng, p, caseVariant(`sql-${p.app}-${pad(i + 1, 3)}`, rng.int(0, 3)), 'sql', false, pool);
    ctx.tables.Resources.push(buildSqlVmRow(p, vm.name, vm.id));
    if (!vault) continue;
    // Some SQL VMs only have VM-level backup: Backup center still lists them as protectable for SQL.
    const sqlProtected = i === 0 || rng.chance(0.85);
    if (sqlProtected) protectSql(ctx, rng, vault, vm);
    if (!sqlProtected || rng.chance(0.5)) protectVm(ctx, rng, vault, vm, false);
  }
  rng = createRng(deriveSeed(ctx.seed, 'hana'));
  for (let i = 0; i < scale.hanaVms; i++) {
    const { p, vault } = place(ctx, rng, 'rsv', i, scale.hanaVms);
    const vm = emitVm(ctx, rng, p, `hana${p.app.slice(0, 4)}${pad(i + 1, 3)}`, 'hana', false, pool);
    if (vault) protectHana(ctx, rng, vault, vm);
    if (vault && rng.chance(0.5)) protectVm(ctx, rng, vault, vm, false);
  }
  rng = createRng(deriveSeed(ctx.seed, 'disks'));
  for (let i = 0; i < scale.disks; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, scale.disks);
    const name = `disk-${p.app}-data-${pad(i + 1, 4)}`;
    const attachTo = rng.chance(0.4) ? pool.get(p.sub.index) : undefined;
    const managedBy = attachTo && attachTo.length > 0 ? rng.pick(attachTo) : '';
    const deleted = vault !== undefined && (i === 1 || rng.chance(0.02));
    const id = resourceId(p, 'Microsoft.Compute/disks', name);
    if (!deleted)
      ctx.tables.Resources.push(buildDiskRow(p, name, managedBy, rng.pick([64, 128, 256, 512, 1024]), rng.chance(0.6)));
    if (!vault) continue;
    addBvInstance(ctx, rng, vault, {
      workload: 'disks',
      policyKind: rng.chance(0.1) ? 'disksHourly' : 'disksDaily',
      datasourceType: DS_TYPE.disk,
      resourceId: variantId(rng.next(), id),
      resourceName: name,
      resourceType: 'Microsoft.Compute/disks',
      location: p.location,
      friendlyName: name,
      deletedError: deleted ? 'UserErrorManagedDiskNotFound' : undefined,
    });
  }
}
