// Query corpus: our queries in the shapes of Microsoft's Azure Backup workbooks (microsoft/Application-Insights-Workbooks,
// Workbooks/Azure Backup/…), run on a hand-made estate; every expectation is computed here from the rows.
import { CONTAINERS, ofType, props, RECOVERY_SERVICES, RESOURCES, SUB, TABLES } from './corpus-estate';
import { rows } from './helpers';

const ITEM = 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';
const VM = 'microsoft.compute/virtualmachines';
const items = ofType(RECOVERY_SERVICES, ITEM);
const vms = ofType(RESOURCES, VM);
const jobs = ofType(RECOVERY_SERVICES, 'microsoft.recoveryservices/vaults/backupjobs');
const policies = ofType(RECOVERY_SERVICES, 'microsoft.recoveryservices/vaults/backuppolicies');

/** The VM key Backup Explorer hashes: subscription, resource group and name, lower-cased. */
const itemHostKey = (r: (typeof items)[number]) => {
  const parts = String(props(r).containerName).toLowerCase().split(';');
  return `${String(r.subscriptionId).toLowerCase()}${parts[1]}${parts[2]}`;
};
const vmKey = (r: (typeof vms)[number]) =>
  `${String(r.subscriptionId).toLowerCase()}${String(r.resourceGroup).toLowerCase()}${String(r.name).toLowerCase()}`;

describe('Backup Explorer shapes (Workbooks/Azure Backup/Backup Explorer/Backup Explorer.workbook)', () => {
  it('hashes item hosts into a list parameter: hash, make_list inside tostring, replace of the brackets', () => {
    // Mirrors the "BackupItemHostHash" parameter query: a bracket-less, comma-separated list of quoted hashes.
    const q = `RecoveryServicesResources
      | where type == '${ITEM}'
      | extend parts = split(tolower(tostring(properties.containerName)), ';')
      | project h = tostring(hash(strcat(tolower(subscriptionId), tostring(parts[1]), tostring(parts[2]))))
      | distinct h
      | summarize hashes = tostring(makelist(h, 1000))
      | project hashes = replace(@'[\\]\\[]', '', hashes)
      | project hashes = iff(isempty(hashes), '0', hashes)`;
    const [row] = rows(q, TABLES);
    const listed = String(row?.hashes).split(',');
    expect(listed).toHaveLength(new Set(items.map(itemHostKey)).size);
    for (const h of listed) expect(h).toMatch(/^"-?\d+"$/);
  });

  it('finds VMs whose hash is not in such a list (string !in a list, numbers allowed in it)', () => {
    // Mirrors "VMLocation"/"Backup Not Enabled": tostring(hash(…)) !in ({BackupItemHostHash}); when no item exists the
    // workbook substitutes the bare number 0.
    const hashOf = (key: string) =>
      String(rows(`Resources | take 1 | project h = tostring(hash('${key}'))`, TABLES)[0]?.h);
    const list = [...new Set(items.map(itemHostKey))].map((k) => `"${hashOf(k)}"`).join(',');
    const notBackedUp = (inList: string) =>
      rows(
        `Resources | where type in ('${VM}', 'microsoft.classiccompute/virtualmachines')
        | where tostring(hash(strcat(tolower(subscriptionId), tolower(resourceGroup), tolower(name)))) !in (${inList})
        | summarize c = count() by location | sort by c desc, location asc`,
        TABLES,
      );
    const covered = new Set(items.map(itemHostKey));
    const expected = new Map<string, number>();
    for (const v of vms.filter((v) => !covered.has(vmKey(v))))
      expected.set(String(v.location), (expected.get(String(v.location)) ?? 0) + 1);
    expect(notBackedUp(list)).toEqual(
      [...expected]
        .map(([location, c]) => ({ location, c }))
        .sort((a, b) => b.c - a.c || a.location.localeCompare(b.location)),
    );
    expect(
      notBackedUp('0')
        .map((r) => r.c)
        .reduce((a, b) => Number(a) + Number(b), 0),
    ).toBe(vms.length);
  });

  it('pages job rows: sort, row_number, page numbers as text, and formats durations', () => {
    // Mirrors the jobs grid: vaultId by replace(), Duration by format_timespan under 24 hours, page_num from row_number.
    const perPage = 2;
    const q = `RecoveryServicesResources
      | where type == 'microsoft.recoveryservices/vaults/backupjobs'
      | extend vaultId = tolower(replace(@'\\/backupJobs.*', '', id))
      | extend Duration = iff(datetime_diff('hour', todatetime(properties.endTime), todatetime(properties.startTime)) < 24,
          format_timespan(todatetime(properties.endTime) - todatetime(properties.startTime), 'HH:mm:ss'), 'over a day')
      | project vaultId, name, Item = tostring(properties.entityFriendlyName), Duration, StartTime = todatetime(properties.startTime)
      | sort by StartTime desc, name asc
      | extend row_num = row_number()
      | extend page_num = tostring((row_num - 1) / ${perPage} + 1)
      | where page_num has ('2')
      | project name, Item, Duration, row_num, vaultId`;
    const sorted = [...jobs].sort(
      (a, b) =>
        Date.parse(props(b).startTime) - Date.parse(props(a).startTime) || String(a.name).localeCompare(String(b.name)),
    );
    const hms = (ms: number) =>
      [ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60]
        .map((n) => String(Math.floor(n)).padStart(2, '0'))
        .join(':');
    const expected = sorted
      .map((j, i) => ({
        name: j.name,
        Item: props(j).entityFriendlyName,
        Duration: hms(Date.parse(props(j).endTime) - Date.parse(props(j).startTime)),
        row_num: i + 1,
        vaultId: String(j.id)
          .toLowerCase()
          .replace(/\/backupjobs.*/, ''),
      }))
      .filter((r) => Math.floor((r.row_num - 1) / perPage) + 1 === 2);
    expect(rows(q, TABLES)).toEqual(expected);
  });

  it('lists page choices: summarize, range(), the legacy mvexpand, "n of m" labels', () => {
    // Mirrors every "…PageNumber" parameter query.
    const perPage = 2;
    const q = `RecoveryServicesResources
      | where type == 'microsoft.recoveryservices/vaults/backupjobs'
      | summarize c = count()
      | project num = (c - 1) / ${perPage} + 1
      | project nums = range(1, num, 1), num
      | mvexpand nums
      | sort by toint(nums) asc
      | project nums = tostring(nums), num = strcat(tostring(nums), ' of ', tostring(num))`;
    const pages = Math.floor((jobs.length - 1) / perPage) + 1;
    expect(rows(q, TABLES)).toEqual(
      Array.from({ length: pages }, (_, i) => ({ nums: String(i + 1), num: `${i + 1} of ${pages}` })),
    );
  });

  it('summarizes policies with their item counts, names cut out of ids by replace()', () => {
    // Mirrors the policy grid: leftouter join on a summarize, replace(".*\\/backupPolicies\\/", "", id), ['count'].
    const q = `RecoveryServicesResources
      | where type == 'microsoft.recoveryservices/vaults/backuppolicies'
      | extend PolicyId = tolower(id)
      | join kind = leftouter (
          RecoveryServicesResources
          | where type == '${ITEM}'
          | summarize ProtectedItems = count() by PolicyId = tolower(tostring(properties.policyId))
        ) on PolicyId
      | project PolicyName = replace(@'.*\\/backupPolicies\\/', '', id),
          ProtectedItems,
          DailyRetention = tostring(properties.retentionPolicy.dailySchedule.retentionDuration.['count']),
          Zone = iff(isempty(tostring(properties.timeZone)), 'UTC', tostring(properties.timeZone))
      | sort by PolicyName asc`;
    const expected = policies
      .map((p) => {
        const n = items.filter((i) => String(props(i).policyId).toLowerCase() === String(p.id).toLowerCase()).length;
        return {
          PolicyName: String(p.id).split('/backupPolicies/')[1],
          ProtectedItems: n === 0 ? null : n,
          DailyRetention: String(props(p).retentionPolicy.dailySchedule.retentionDuration.count),
          Zone: props(p).timeZone || 'UTC',
        };
      })
      .sort((a, b) => (a.PolicyName as string).localeCompare(b.PolicyName as string));
    expect(rows(q, TABLES)).toEqual(expected);
  });
});

describe('Backup Configuration Status shapes (Workbooks/Azure Backup/Backup Configuration Status)', () => {
  it('joins items and VMs fullouter with two mv-expands on each side and counts configured VMs', () => {
    // Four mv-expands in one query (two per join side) run, as Microsoft's workbook does.
    const q = `RecoveryServicesResources
      | extend locations = split('westeurope,northeurope', ','), groups = split('*', ',')
      | where type == '${ITEM}'
      | extend location = tostring(properties.dataSourceInfo.resourceLocation)
      | mv-expand locations to typeof(string)
      | where location == locations or locations == '*'
      | mv-expand groups to typeof(string)
      | project ItemName = tostring(properties.friendlyName), SourceId = tolower(tostring(properties.dataSourceInfo.resourceID))
      | distinct ItemName, SourceId
      | join kind = fullouter (
          Resources
          | where type == '${VM}'
          | extend locations = split('westeurope,northeurope', ','), groups = split('rg-app,rg-web', ',')
          | mv-expand locations to typeof(string)
          | where location == locations
          | mv-expand groups to typeof(string)
          | where resourceGroup == groups
          | extend VmId = tolower(id)
          | distinct VmId, tostring(name)
        ) on $left.SourceId == $right.VmId
      | extend Configured = iff(isnotempty(SourceId) and isnotempty(VmId), 'Yes', iff(isempty(SourceId) and isnotempty(VmId), 'No', 'Nothing'))
      | where Configured != 'Nothing'
      | summarize count() by Configured
      | sort by Configured asc`;
    const inScope = vms.filter(
      (v) =>
        ['westeurope', 'northeurope'].includes(String(v.location)) &&
        ['rg-app', 'rg-web'].includes(String(v.resourceGroup)),
    );
    const sources = new Set(items.map((i) => String(props(i).dataSourceInfo.resourceID).toLowerCase()));
    const yes = inScope.filter((v) => sources.has(String(v.id).toLowerCase())).length;
    expect(rows(q, TABLES)).toEqual([
      { Configured: 'No', count_: inScope.length - yes },
      { Configured: 'Yes', count_: yes },
    ]);
  });
});

describe('Backup Schedule and Retention shapes (Workbooks/Azure Backup/Backup Schedule and Retention)', () => {
  it('derives retention days per schedule with notempty(), toint() and a leftouter join to policies', () => {
    const q = `RecoveryServicesResources
      | where type == '${ITEM}'
      | project Item = tostring(properties.friendlyName), LowerPolicyId = tolower(tostring(properties.policyId))
      | join kind = leftouter (RecoveryServicesResources
          | where type == 'microsoft.recoveryservices/vaults/backuppolicies'
          | extend LowerId = tolower(id)) on $left.LowerPolicyId == $right.LowerId
      | extend p = todynamic(properties)
      | extend Min = iff(notempty('5'), toint('5'), 0)
      | extend Weekly = tostring(toint(tostring(p.retentionPolicy.weeklySchedule.retentionDuration['count'])) * 7)
      | extend Monthly = tostring(toint(tostring(p.retentionPolicy.monthlySchedule.retentionDuration['count'])) * 30)
      | extend Daily = tostring(p.retentionPolicy.dailySchedule.retentionDuration['count'])
      | extend DailyKept = iff(toint(Daily) >= Min, Daily, '')
      | project Item, Daily, DailyKept, Weekly, Monthly
      | sort by Item asc`;
    const byId = new Map(policies.map((p) => [String(p.id).toLowerCase(), props(p)]));
    const expected = items
      .map((i) => {
        const p = byId.get(String(props(i).policyId).toLowerCase());
        const count = (s: string) => p?.retentionPolicy?.[s]?.retentionDuration?.count as number | undefined;
        const daily = count('dailySchedule');
        return {
          Item: props(i).friendlyName,
          Daily: daily === undefined ? '' : String(daily),
          DailyKept: daily !== undefined && daily >= 5 ? String(daily) : '',
          Weekly: count('weeklySchedule') === undefined ? '' : String((count('weeklySchedule') as number) * 7),
          Monthly: count('monthlySchedule') === undefined ? '' : String((count('monthlySchedule') as number) * 30),
        };
      })
      .sort((a, b) => a.Item.localeCompare(b.Item));
    expect(rows(q, TABLES)).toEqual(expected);
  });
});

describe('Backup Audit Reporting Templates shapes (Workbooks/Azure Backup/Backup Audit Reporting Template)', () => {
  it('pages subscriptions by row_number after a sort', () => {
    const q = `ResourceContainers
      | where type =~ 'microsoft.resources/subscriptions'
      | sort by id asc
      | extend row_num = row_number()
      | extend page_num = tostring(((row_num - 1) / toint('1') + 1))
      | where page_num has ('1')
      | project id, name, row_num`;
    const first = [...CONTAINERS].sort((a, b) => String(a.id).localeCompare(String(b.id)))[0];
    expect(rows(q, TABLES)).toEqual([{ id: first?.id, name: first?.name, row_num: 1 }]);
    expect(first?.id).toContain(SUB);
  });
});
