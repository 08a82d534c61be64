// The identities the Resource Graph client asks as: one per tenant with a client secret, else DefaultAzureCredential
// (managed identity, workload identity, Azure CLI…). One credential over Azure Lighthouse needs no extra tenants.
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';

export interface ArgIdentity {
  /** Undefined when the credential's tenant is not known (DefaultAzureCredential, or Lighthouse across tenants). */
  tenantId?: string;
  credential: TokenCredential;
  /** For logs and partial reasons; never holds a secret. */
  label: string;
}

/** Shaped like Config['azure'] (config.ts is the only reader of the environment). */
export interface ArgCredentialConfig {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Extra tenants, each queried with its own credential of the same (multi-tenant) app registration. */
  tenants?: readonly string[];
  /** Entra ID login endpoint for sovereign clouds; default public cloud. */
  authorityHost?: string;
}

export function createArgIdentities(config: ArgCredentialConfig): ArgIdentity[] {
  const home = config.tenantId?.toLowerCase();
  const extra = [...new Set((config.tenants ?? []).map((t) => t.toLowerCase()))].filter((t) => t !== home);
  const tenants: Array<string | undefined> = [home, ...extra];
  const options = config.authorityHost ? { authorityHost: config.authorityHost } : {};
  return tenants.map((tenantId) => {
    if (config.clientSecret && config.clientId) {
      // config.ts guarantees a home tenant whenever a secret is set.
      const tenant = tenantId ?? 'organizations';
      return {
        ...(tenantId ? { tenantId } : {}),
        credential: new ClientSecretCredential(tenant, config.clientId, config.clientSecret, options),
        label: `app ${config.clientId} in tenant ${tenant}`,
      };
    }
    const credential = new DefaultAzureCredential({
      ...options,
      ...(tenantId ? { tenantId } : {}),
      ...(config.clientId ? { managedIdentityClientId: config.clientId } : {}),
    });
    return {
      ...(tenantId ? { tenantId } : {}),
      credential,
      label: tenantId ? `the default Azure credential in tenant ${tenantId}` : 'the default Azure credential',
    };
  });
}
