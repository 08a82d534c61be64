// The sample ARG queries of docs/azure-facts.md §2 (Q1–Q13: Microsoft's, as published, placeholders and all, and ours
// in their style): Q7 split into its three queries, Q9's RSV variant written out, and Q8_LATEST (Q8 + latest failure
// per item).

/** Placeholder values for `<sub-id>` (Q1, Q2) and `<policy ARM id>` (Q5). */
export interface ReferencePlaceholders {
  subscriptionId: string;
  policyId: string;
}

const Q1 = `RecoveryServicesResources
| where type in~ ('Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems')
| extend vaultName = tostring(split(split(id, '/Microsoft.RecoveryServices/vaults/')[1], '/')[0])
| extend dataSourceType = properties.backupManagementType
| extend friendlyName = properties.friendlyName
| extend dsResourceGroup = split(split(properties.dataSourceInfo.resourceID, '/resourceGroups/')[1], '/')[0]
| extend dsSubscription = split(split(properties.dataSourceInfo.resourceID, '/subscriptions/')[1], '/')[0]
| extend lastRestorePoint = properties.lastRecoveryPoint, primaryLocation = properties.dataSourceInfo.resourceLocation
| extend policyName = properties.policyName, protectionState = properties.currentProtectionState
| where protectionState in~ ('ConfiguringProtection','ProtectionConfigured','ConfiguringProtectionFailed','ProtectionStopped','SoftDeleted','ProtectionError')
| where dsSubscription in~ ('<sub-id>') and dataSourceType in~ ('AzureIaasVM')`;

const Q2 = `RecoveryServicesResources
| where type in~ ('Microsoft.DataProtection/backupVaults/backupJobs')   // add 'Microsoft.RecoveryServices/vaults/backupJobs' for RSV
| extend vaultName = case(type =~ 'microsoft.dataprotection/backupVaults/backupJobs', properties.vaultName,
                          type =~ 'Microsoft.RecoveryServices/vaults/backupJobs', split(split(id, '/Microsoft.RecoveryServices/vaults/')[1],'/')[0], '--')
| extend friendlyName = case(type =~ 'microsoft.dataprotection/backupVaults/backupJobs', strcat(properties.dataSourceSetName, '/', properties.dataSourceName),
                             type =~ 'Microsoft.RecoveryServices/vaults/backupJobs', properties.entityFriendlyName, '--')
| extend dataSourceType = case(type =~ 'Microsoft.RecoveryServices/vaults/backupJobs', properties.backupManagementType,
                               type =~ 'microsoft.dataprotection/backupVaults/backupJobs', properties.dataSourceType, '--')
| extend backupInstanceName = properties.backupInstanceId, dataSourceId = properties.dataSourceId
| extend dsResourceGroup = split(split(properties.dataSourceId, '/resourceGroups/')[1],'/')[0],
         dsSubscription  = split(split(properties.dataSourceId, '/subscriptions/')[1],'/')[0]
| extend status = properties.status, primaryLocation = properties.dataSourceLocation
| extend jobStatus = case(properties.status == 'Completed' or properties.status == 'CompletedWithWarnings', 'Succeeded',
                          properties.status == 'Failed', 'Failed', properties.status == 'InProgress', 'Started', properties.status),
         operation = case(type =~ 'microsoft.dataprotection/backupVaults/backupJobs' and tolower(properties.operationCategory) =~ 'backup' and properties.isUserTriggered == 'true', strcat('adhoc', properties.operationCategory),
                          type =~ 'microsoft.dataprotection/backupVaults/backupJobs', tolower(properties.operationCategory),
                          type =~ 'Microsoft.RecoveryServices/vaults/backupJobs' and tolower(properties.operation) =~ 'backup' and properties.isUserTriggered == 'true', strcat('adhoc', properties.operation),
                          type =~ 'Microsoft.RecoveryServices/vaults/backupJobs', tolower(properties.operation), '--'),
         startTime = todatetime(properties.startTime), endTime = properties.endTime, duration = properties.duration
| project id, name, friendlyName, resourceGroup, vaultName, dataSourceType, operation, jobStatus, startTime, duration,
          backupInstanceName, dsResourceGroup, dsSubscription, status, primaryLocation, dataSourceId
| where dsSubscription in~ ('<sub-id>') and dataSourceType in~ ('Microsoft.DBforPostgreSQL/servers/databases')
        and status in~ ('Started','InProgress','Succeeded','Completed','Failed','CompletedWithWarnings')
        and operation in~ ('adhocBackup','backup')
| where startTime >= ago(7d)`;

const Q3 = `Resources
| where type in~ ('microsoft.compute/virtualmachines', 'microsoft.classiccompute/virtualmachines')
| extend resourceId = tolower(id)
| join kind=leftouter (
    RecoveryServicesResources
    | where type == 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems'
    | where properties.backupManagementType == 'AzureIaasVM'
    | project resourceId = tolower(tostring(properties.sourceResourceId)), backupItemid = id, isBackedUp = isnotempty(id)
  ) on resourceId
| extend isProtected = isnotempty(backupItemid)
| where isProtected == (0)
| project id, name, resourceGroup, location, tags`;

const Q4 = `RecoveryServicesResources
| where type == 'microsoft.recoveryservices/vaults/backuppolicies'
| extend vaultName = split(split(id, 'microsoft.recoveryservices/vaults/')[1], '/')[0]
| extend datasourceType = properties.backupManagementType
| project id, name, vaultName, resourceGroup, properties, datasourceType
| where datasourceType == 'AzureIaasVM'`;

const Q5 = `RecoveryServicesResources
| where type == 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems'
| project p = parse_json(properties)
| where p.backupManagementType == 'AzureIaasVM'
| project VMID = p.sourceResourceId, PolicyID = p.policyId
| where PolicyID == '<policy ARM id>'     // compare with =~ in practice`;

const Q6 = `RecoveryServicesResources
| where type in~ ('Microsoft.DataProtection/BackupVaults/backupPolicies')
| extend vaultName = split(split(id, '/Microsoft.DataProtection/backupVaults/')[1], '/')[0]
| extend datasourceType = properties.datasourceTypes[0]
| project id, name, vaultName, resourceGroup, properties, datasourceType
| where datasourceType in~ ('Microsoft.DBforPostgreSQL/servers/databases')`;

const Q7_INSTANCES = `RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| extend vaultName = split(split(id, '/Microsoft.DataProtection/backupVaults/')[1],'/')[0]
| extend protectionState = properties.currentProtectionState
| extend datasourceId = properties.dataSourceInfo.resourceID
| where properties.dataSourceInfo.datasourceType in~ ('Microsoft.Compute/disks')   // filter appended by the tool`;

const Q7_JOBS = `RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| extend vaultName = properties.vaultName, status = properties.status
| extend operation = case(tolower(properties.operationCategory) startswith 'backup' and properties.isUserTriggered == 'true', strcat('OnDemand', properties.operationCategory),
                          tolower(properties.operationCategory) startswith 'backup' and properties.isUserTriggered == 'false', strcat('Scheduled', properties.operationCategory),
                          type =~ 'microsoft.dataprotection/backupVaults/backupJobs', properties.operationCategory, 'Invalid')`;

const Q7_VAULTS = `Resources | where type =~ 'microsoft.dataprotection/backupvaults'`;

const Q8 = `RecoveryServicesResources
| where type in~ ('microsoft.recoveryservices/vaults/backupjobs', 'microsoft.dataprotection/backupvaults/backupjobs')
| extend p = properties
| extend isBV = type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| extend startTime = todatetime(p.startTime), endTime = todatetime(p.endTime), status = tostring(p.status)
| where startTime > ago(24h) and status in~ ('Failed', 'CompletedWithWarnings')
| extend op = tolower(tostring(iff(isBV, p.operationCategory, p.operation)))
| where op startswith 'backup'
| extend lid = tolower(id)
| extend vaultId = tostring(split(lid, '/backupjobs/')[0])        // lower-cased vault ARM id (same marker for both kinds)
| project id, vaultId, vaultName = iff(isBV, tostring(p.vaultName), tostring(split(split(lid, '/microsoft.recoveryservices/vaults/')[1], '/')[0])),
          item = iff(isBV, tostring(p.backupInstanceFriendlyName), tostring(p.entityFriendlyName)),
          workload = iff(isBV, tostring(p.dataSourceType), tostring(p.backupManagementType)),
          dataSourceId = tolower(tostring(p.dataSourceId)), backupInstanceId = tostring(p.backupInstanceId),
          status, startTime, endTime, duration = tostring(p.duration), isUserTriggered = tobool(p.isUserTriggered),
          errCode = iff(isBV, tostring(p.errorDetails[0].code), tostring(p.errorDetails[0].errorCode)),
          errText = iff(isBV, tostring(p.errorDetails[0].message), tostring(p.errorDetails[0].errorString)),
          subscriptionId, resourceGroup
| order by startTime desc`;

const Q8_LATEST = `${Q8}
| summarize arg_max(startTime, *) by item, vaultId`;

const Q9 = `RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| summarize count() by datasourceType = tostring(properties.dataSourceInfo.datasourceType),
                       state = tostring(properties.currentProtectionState),
                       status = tostring(properties.protectionStatus.status)`;

const Q9_RSV = `RecoveryServicesResources
| where type =~ 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems'
| summarize count() by tostring(properties.backupManagementType), tostring(properties.protectionState), tostring(properties.lastBackupStatus)`;

const Q10 = `Resources
| where type =~ 'microsoft.compute/disks'
| extend rid = tolower(id)
| join kind=leftouter (
    RecoveryServicesResources
    | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
    | where tostring(properties.dataSourceInfo.datasourceType) =~ 'Microsoft.Compute/disks'
    | where tostring(properties.currentProtectionState) !in~ ('SoftDeleted','ProtectionStopped')
    | project rid = tolower(tostring(properties.dataSourceInfo.resourceID)), bi = id
  ) on rid
| where isempty(bi)
| project id, name, resourceGroup, subscriptionId, location, tags`;

const Q11 = `Resources
| where type in~ ('microsoft.recoveryservices/vaults', 'microsoft.dataprotection/backupvaults')
| extend p = properties, isRSV = type =~ 'microsoft.recoveryservices/vaults'
| extend softDelete = iff(isRSV, tostring(p.securitySettings.softDeleteSettings.softDeleteState), tostring(p.securitySettings.softDeleteSettings.state)),
         immutability = tostring(p.securitySettings.immutabilitySettings.state),
         redundancy = iff(isRSV, tostring(p.redundancySettings.standardTierStorageRedundancy), tostring(p.storageSettings[0].type)),
         crr = iff(isRSV, tostring(p.redundancySettings.crossRegionRestore), tostring(p.featureSettings.crossRegionRestoreSettings.state)),
         mua = iff(isRSV, tostring(p.securitySettings.multiUserAuthorization), tostring(p.isVaultProtectedByResourceGuard)),
         jobFailureAlerts = tostring(p.monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures),
         publicNetworkAccess = tostring(p.publicNetworkAccess),
         secureScore = tostring(p.secureScore), bcdrLevel = tostring(p.bcdrSecurityLevel)
| extend softDeleteOff = softDelete in~ ('Disabled', 'Off') or isempty(softDelete)
| project id, name, type, subscriptionId, resourceGroup, location, softDelete, softDeleteOff, immutability, redundancy, crr, mua,
          jobFailureAlerts, publicNetworkAccess, secureScore, bcdrLevel`;

const Q12 = `AlertsManagementResources
| where type =~ 'microsoft.alertsmanagement/alerts'
| where tostring(properties.essentials.targetResourceType) in~ ('microsoft.recoveryservices/vaults', 'microsoft.dataprotection/backupvaults')
| where tostring(properties.essentials.monitorCondition) == 'Fired' and tostring(properties.essentials.alertState) != 'Closed'
| project id, alertRule = tostring(properties.essentials.alertRule), severity = tostring(properties.essentials.severity),
          monitorService = tostring(properties.essentials.monitorService), vault = tostring(properties.essentials.targetResource),
          started = todatetime(properties.essentials.startDateTime), description = tostring(properties.essentials.description), ctx = properties.context`;

const Q13 = `RecoveryServicesResources
| where type =~ 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems'
| extend canRetry = hasPermission('Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action')`;

/**
 * The queries by name, in the order of docs/azure-facts.md §2, with their placeholders as written (`<sub-id>`,
 * `<policy ARM id>`).
 */
export const REFERENCE_QUERIES = {
  Q1,
  Q2,
  Q3,
  Q4,
  Q5,
  Q6,
  Q7_INSTANCES,
  Q7_JOBS,
  Q7_VAULTS,
  Q8,
  Q8_LATEST,
  Q9,
  Q9_RSV,
  Q10,
  Q11,
  Q12,
  Q13,
} as const;

export type ReferenceQueryName = keyof typeof REFERENCE_QUERIES;

/** A query with its placeholders filled. */
export function fillPlaceholders(query: string, values: ReferencePlaceholders): string {
  return query.replaceAll('<sub-id>', values.subscriptionId).replaceAll('<policy ARM id>', values.policyId);
}

/** Every reference query with its placeholders filled. */
export function referenceQueries(values: ReferencePlaceholders): Record<ReferenceQueryName, string> {
  const entries = Object.entries(REFERENCE_QUERIES).map(([name, query]) => [name, fillPlaceholders(query, values)]);
  return Object.fromEntries(entries) as Record<ReferenceQueryName, string>;
}
