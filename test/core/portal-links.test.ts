// Portal deep links: the resource route with the tenant, ids with `;` kept readable, markdown-safe encoding,
// sovereign portals, and Resource Graph Explorer with the query prefilled (or nothing when it would be too long).
import {
  compactKql,
  datasourcePortalUrl,
  itemPortalUrl,
  jobPortalUrl,
  resourceGraphExplorerHomeUrl,
  resourceGraphExplorerUrl,
  vaultPortalUrl,
} from '../../src/core/portal-links';

const SUB = '0a1b2c3d-1111-4222-8333-444455556666';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
const ITEM = `${VAULT}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;vm-01/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-01`;

test('a vault opens on its overview, in the given directory', () => {
  expect(vaultPortalUrl({ id: VAULT }, { tenantId: 'contoso.onmicrosoft.com' })).toBe(
    `https://portal.azure.com/#@contoso.onmicrosoft.com/resource${VAULT}/overview`,
  );
});

test('without a tenant the link stays in the current directory', () => {
  expect(vaultPortalUrl({ id: VAULT })).toBe(`https://portal.azure.com/#resource${VAULT}/overview`);
});

test('RSV item ids keep their `;` names as Azure spells them', () => {
  const url = itemPortalUrl({ id: ITEM }, { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
  expect(url).toBe(`https://portal.azure.com/#@72f988bf-86f1-41af-91ab-2d7cd011db47/resource${ITEM}`);
  expect(url).toContain('protectedItems/VM;iaasvmcontainerv2;rg-app;vm-01');
});

test('spaces, parentheses, # and ? are percent-encoded, so a markdown link [x](url) stays whole', () => {
  const id = `/subscriptions/${SUB}/resourceGroups/rg (old) #1?/providers/Microsoft.Compute/virtualMachines/vm-01`;
  const url = datasourcePortalUrl(id);
  expect(url).toBe(
    `https://portal.azure.com/#resource/subscriptions/${SUB}/resourceGroups/rg%20%28old%29%20%231%3F/providers/Microsoft.Compute/virtualMachines/vm-01/overview`,
  );
  expect(url).not.toMatch(/[\s()]/);
});

test('a tenant domain is encoded, and sovereign portals are a setting', () => {
  expect(
    jobPortalUrl({ id: `${VAULT}/backupJobs/0f1e` }, { tenantId: 'a b', portalBase: 'https://portal.azure.us/' }),
  ).toBe(`https://portal.azure.us/#@a%20b/resource${VAULT}/backupJobs/0f1e`);
});

test('an id without a leading slash or with whitespace around it gives the same link', () => {
  expect(vaultPortalUrl({ id: ` ${VAULT.slice(1)} ` })).toBe(vaultPortalUrl({ id: VAULT }));
});

describe('Resource Graph Explorer', () => {
  const kql = [
    '// Failed jobs, newest first',
    'RecoveryServicesResources',
    "  | where type in~ ('microsoft.recoveryservices/vaults/backupjobs')",
    "  | where properties.status == 'Failed' // only failures",
    '',
    '| take 10',
  ].join('\n');

  test('the query is prefilled, comment lines dropped, every character URL-safe', () => {
    const url = resourceGraphExplorerUrl(kql, { tenantId: 'contoso.onmicrosoft.com' });
    expect(url).toBe(
      'https://portal.azure.com/#@contoso.onmicrosoft.com/blade/HubsExtension/ArgQueryBlade/query/' +
        encodeURIComponent(
          "RecoveryServicesResources\n| where type in~ ('microsoft.recoveryservices/vaults/backupjobs')\n" +
            "| where properties.status == 'Failed' // only failures\n| take 10",
        )
          .replace(/'/g, '%27')
          .replace(/\(/g, '%28')
          .replace(/\)/g, '%29'),
    );
    expect(url).not.toMatch(/[\s'()]/);
    const encoded = (url ?? '').split('/query/')[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(compactKql(kql));
  });

  test('a query too long for a chat button gives no URL; the home page is offered instead', () => {
    expect(resourceGraphExplorerUrl('Resources | where name == "x"'.repeat(200))).toBeUndefined();
    expect(resourceGraphExplorerUrl(kql, { maxChars: 50 })).toBeUndefined();
    expect(resourceGraphExplorerHomeUrl()).toBe('https://portal.azure.com/#blade/HubsExtension/ArgQueryBlade');
  });
});
