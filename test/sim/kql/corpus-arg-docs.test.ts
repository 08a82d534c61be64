// Query corpus: our queries in the shapes of the Resource Graph docs' sample queries (learn.microsoft.com, "Advanced
// Resource Graph query samples", "Starter…", "Explore your Azure resources"), run on a hand-made estate; expectations
// are computed here from the rows.
import { CONTAINERS, ofType, props, RESOURCES, TABLES } from './corpus-estate';
import { kqlError, rows, schema } from './helpers';

const vms = ofType(RESOURCES, 'microsoft.compute/virtualmachines');
const nics = ofType(RESOURCES, 'microsoft.network/networkinterfaces');
const pips = ofType(RESOURCES, 'microsoft.network/publicipaddresses');

describe('advanced samples', () => {
  it('VM → primary NIC → public IP: mv-expand on both join sides, Resources on the right of two joins', () => {
    // Mirrors "List virtual machines with their network interface and public IP" (#join-vmpip).
    const q = `Resources
      | where type =~ 'microsoft.compute/virtualmachines'
      | extend nicCount = array_length(properties.networkProfile.networkInterfaces)
      | mv-expand nic = properties.networkProfile.networkInterfaces
      | where nicCount == 1 or nic.properties.primary =~ 'true' or isempty(nic)
      | project vmName = name, nicId = tostring(nic.id)
      | join kind=leftouter (
          Resources
          | where type =~ 'microsoft.network/networkinterfaces'
          | extend configCount = array_length(properties.ipConfigurations)
          | mv-expand config = properties.ipConfigurations
          | where configCount == 1 or config.properties.primary =~ 'true'
          | project nicId = id, ipId = tostring(config.properties.publicIPAddress.id))
        on nicId
      | project-away nicId1
      | summarize by vmName, nicId, ipId
      | join kind=leftouter (Resources | where type =~ 'microsoft.network/publicipaddresses'
          | project ipId = id, address = tostring(properties.ipAddress)) on ipId
      | project vmName, nicId, address
      | sort by vmName asc`;
    // A VM without NICs has an empty list, which mv-expand turns into no rows.
    const withNics = vms.filter((v) => props(v).networkProfile.networkInterfaces.length > 0);
    const expected = withNics.map((v) => {
      const list = props(v).networkProfile.networkInterfaces as { id: string; properties?: { primary: boolean } }[];
      const chosen = list.length === 1 ? list[0] : list.find((n) => n.properties?.primary === true);
      const nic = nics.find((n) => n.id === chosen?.id);
      const configs = (nic ? props(nic).ipConfigurations : []) as { properties: Record<string, never> }[];
      const config = configs.length === 1 ? configs[0] : configs.find((c) => c.properties.primary === true);
      const ipId = (config?.properties as { publicIPAddress?: { id: string } } | undefined)?.publicIPAddress?.id;
      const pip = pips.find((p) => p.id === ipId);
      return { vmName: v.name, nicId: chosen?.id ?? '', address: pip ? props(pip).ipAddress : '' };
    });
    expect(rows(q, TABLES)).toEqual(expected.sort((a, b) => String(a.vmName).localeCompare(String(b.vmName))));
  });

  it('virtual networks and subnets of NICs: the legacy mvexpand and parse kind=regex', () => {
    // Mirrors "Get virtual networks and subnets of network interfaces" (#parse-subnets).
    const q = `Resources
      | where type =~ 'microsoft.network/networkinterfaces'
      | project id, configs = properties.ipConfigurations
      | mvexpand configs
      | project id, subnetId = tostring(configs.properties.subnet.id)
      | parse kind=regex subnetId with '/virtualNetworks/' network '/subnets/' subnet
      | project name = tostring(split(id, '/')[8]), network, subnet
      | sort by name asc, subnet asc`;
    const expected = nics.flatMap((n) =>
      (props(n).ipConfigurations as { properties: { subnet: { id: string } } }[]).map((c) => {
        const [, network, subnet] = /\/virtualNetworks\/(.*?)\/subnets\/(.*)/.exec(c.properties.subnet.id) ?? [];
        return { name: n.name, network, subnet };
      }),
    );
    expect(rows(q, TABLES)).toEqual(
      expected.sort(
        (a, b) => String(a.name).localeCompare(String(b.name)) || String(a.subnet).localeCompare(String(b.subnet)),
      ),
    );
  });

  it('parse in its simple kind, with a typed column', () => {
    const q = `Resources | where type =~ 'microsoft.compute/virtualmachines'
      | parse tostring(properties.hardwareProfile.vmSize) with 'Standard_' family:string '_v' version:long
      | project name, family, version | sort by name asc`;
    const expected = vms.map((v) => {
      const m = /^Standard_(.*?)_v(-?\d+)/.exec(props(v).hardwareProfile.vmSize);
      return { name: v.name, family: m?.[1] ?? '', version: m ? Number(m[2]) : null };
    });
    expect(rows(q, TABLES)).toEqual(expected.sort((a, b) => String(a.name).localeCompare(String(b.name))));
  });

  it('resource types and API versions (#apiversion) and policy aliases by projecting them', () => {
    const q = 'Resources | distinct type, apiVersion | where isnotnull(apiVersion) | order by type asc';
    const pairs = new Map(
      RESOURCES.map((r) => [`${r.type}|${r.apiVersion ?? ''}`, { type: r.type, apiVersion: r.apiVersion ?? '' }]),
    );
    expect(rows(q, TABLES)).toEqual([...pairs.values()].sort((a, b) => String(a.type).localeCompare(String(b.type))));
    // Aliases come back only when named ("by projecting the aliases array"), not with the other columns.
    expect(schema('Resources | take 1', TABLES)).not.toContain('aliases:dynamic');
    const osTypes = `Resources | where type =~ 'Microsoft.Compute/virtualMachines'
      | extend os = aliases['Microsoft.Compute/virtualMachines/storageProfile.osDisk.osType']
      | distinct tostring(os) | sort by os asc`;
    const distinctOs = [...new Set(vms.map((v) => props(v).storageProfile.osDisk.osType as string))].sort();
    expect(rows(osTypes, TABLES)).toEqual(distinctOs.map((os) => ({ os })));
  });

  it('combines results with union withsource= and union kind=inner', () => {
    // Mirrors "Combine results from two queries into a single result" (#unionresults).
    const q = `Resources | project name, type, location
      | union withsource=SourceTable kind=inner (ResourceContainers | project name, type)
      | summarize n = count() by SourceTable`;
    expect(schema(q, TABLES)).toEqual(['SourceTable:string', 'n:long']);
    expect(rows(q, TABLES)).toEqual([
      { SourceTable: 'union_arg0', n: RESOURCES.length },
      { SourceTable: 'union_arg1', n: CONTAINERS.length },
    ]);
    const legs = 'union withsource=T Resources, ResourceContainers | summarize n = count() by T | sort by T asc';
    expect(rows(legs, TABLES)).toEqual([
      { T: 'ResourceContainers', n: CONTAINERS.length },
      { T: 'Resources', n: RESOURCES.length },
    ]);
    const inner =
      'Resources | project name, location | union kind=inner (ResourceContainers | project name, subscriptionId)';
    expect(schema(inner, TABLES)).toEqual(['name:string']);
    expect(rows(inner, TABLES)).toHaveLength(RESOURCES.length + CONTAINERS.length);
  });
});

describe('starter samples: Resources is the default table', () => {
  it('runs a query that starts with an operator', () => {
    // Mirrors the starter and "explore resources" samples written without a table: `where type =~ … | limit 1`.
    expect(
      rows("where type =~ 'Microsoft.Network/publicIPAddresses' | project name | order by name asc", TABLES),
    ).toEqual(pips.map((p) => ({ name: p.name })).sort((a, b) => String(a.name).localeCompare(String(b.name))));
    expect(rows('summarize count()', TABLES)).toEqual([{ count_: RESOURCES.length }]);
    expect(rows('count', TABLES)).toEqual([{ Count: RESOURCES.length }]);
  });

  it('still names an unknown table', () => {
    expect(kqlError('Resourcez | take 1', TABLES).detail).toContain(
      "Failed to resolve table expression named 'Resourcez'",
    );
  });
});
