// MintFonds — infrastructure of one deployment (one resource group per environment).
//
//   az deployment group create -g <rg> -p infra/dev.bicepparam      (or infra/prod.bicepparam; or `azd up`)
//
// Provisions: Log Analytics + Application Insights (Entra-only ingestion), a StorageV2 account (tables, queues, blob
// containers) with shared-key access disabled, a user-assigned managed identity with data-plane roles, a Key Vault
// (RBAC) for the SendGrid key, a Function App on the Flex Consumption plan (.NET 10 isolated) that runs as that
// identity, and the alarms (alerts.bicep). In prod the records are protected (WORM, versioning, delete lock).
// Every role this template grants is listed in grantedRoleIds: the deployer's right to assign roles is limited to
// exactly those (infra/deployer-access.bicep).
targetScope = 'resourceGroup'

@description('Azure region of all resources. Must offer the Flex Consumption plan (e.g. germanywestcentral, westeurope).')
param location string = resourceGroup().location

@description('Deployment stage (free-form, e.g. dev, test, prod, or an azd environment name); part of every resource name.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Short name of the funding region (lowercase letters and digits, e.g. "mzbi" for MINT-Region Mainz-Bingen); part of every resource name.')
@minLength(2)
@maxLength(10)
param fundingRegionShortName string

@description('Entra ID tenant that issues the API tokens and owns the Key Vault. Defaults to the deploying tenant.')
param tenantId string = tenant().tenantId

@description('Application ID URI of the API app registration (api://...): the audience of v1 tokens.')
@minLength(1)
param apiApplicationIdUri string

@description('Client (application) ID of the API app registration: the audience of v2 tokens.')
@minLength(36)
@maxLength(36)
param apiClientId string

@description('Client ids of the apps allowed to call the API (the office\'s admin UI, the smoke-test identity); empty = any app of the tenant.')
param allowedClientApps array = []

@description('E-mail address of the fund office\'s operations contact; every alert goes there.')
@minLength(3)
param opsEmail string

@description('Failed function executions within 15 minutes from which the failure alert fires.')
@minValue(1)
param failureAlertThreshold int = 5

@description('App role (in the API app registration) whose holders administer the whole platform.')
@minLength(1)
param platformAdminRole string = 'MintFonds.PlatformAdmin'

@description('App role (in the API app registration) of the state MINT office: reads the state-wide figures, nothing else.')
@minLength(1)
param platformObserverRole string = 'MintFonds.PlatformObserver'

@description('SendGrid API key written to Key Vault as SendGridApiKey. Leave empty to keep the current secret (or to set it out-of-band).')
@secure()
param sendGridApiKey string = ''

@description('Browser origins allowed to call the API (CORS), e.g. the site hosting the application and pledge forms.')
param allowedCorsOrigins array = []

@description('Storage replication SKU (ZRS recommended for prod where available).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('''Time-based WORM retention per container, e.g. [{ name: 'receipts', days: 2922 }]; empty = none (dev).
Blobs under retention cannot be deleted, nor can their container or the account: set it in prod only (prod.bicepparam).''')
param immutableContainers array = []

@description('Keep overwritten/deleted blobs as versions (prod).')
param enableBlobVersioning bool = false

@description('CanNotDelete lock on the storage account (prod).')
param lockStorageAccount bool = false

@description('Days that deleted blobs and containers can be restored (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

@description('Upper bound of Function App instances (cost guard).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Tags merged onto every resource (in addition to application/environment/fundingRegion).')
param tags object = {}

// ---------------------------------------------------------------------------------------------------------------
// Naming. uniqueString() makes the globally unique names (storage, Key Vault, Function App host) stable per
// resource group.
// ---------------------------------------------------------------------------------------------------------------
var suffix = uniqueString(resourceGroup().id)
var region = toLower(fundingRegionShortName)
var baseName = 'mf-${region}-${environmentName}'
var alnumBase = replace('${region}${environmentName}', '-', '')

var names = {
  logAnalytics: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  identity: 'id-${baseName}'
  plan: 'asp-${baseName}'
  functionApp: 'func-${baseName}-${suffix}'
  storage: take('st${alnumBase}${suffix}', 24)
  keyVault: take('kv${alnumBase}${suffix}', 24)
}

// Known before deployment (unlike the identity module's output), so role-assignment names stay predictable for
// what-if.
var identityResourceId = resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)

var allTags = union(
  {
    application: 'MintFonds'
    environment: environmentName
    fundingRegion: region
  },
  tags
)

// Fixed application settings (the app reads them by these names).
var reportSchedule = '0 0 6 1 1,4,7,10 *' // 06:00 UTC on the first day of each quarter (sponsor reports)
var backupSchedule = '0 30 1 * * *' // 01:30 UTC every night (table backup; before the retention timer at 03:00)
var outboxRelaySchedule = '0 */5 * * * *' // every five minutes
var figureFoldSchedule = '0 */5 * * * *' // every five minutes (the transparency page's Cache-Control matches)
var collectiveReceiptSchedule = '0 0 6 15 1 *' // 06:00 UTC on 15 January (collective receipts for the past year)
var retentionSchedule = '0 0 3 * * *' // 03:00 UTC every day (anonymise and purge what is due)
var counterSweepSchedule = '0 30 3 * * *' // 03:30 UTC every day (remove expired counter rows)
var proofOfUseReminderSchedule = '0 0 7 * * *' // 07:00 UTC every day (proof-of-use reminders, each once)
var anonymiseAfterDays = 365 // withdrawn or rejected applications: contact data anonymised a year later
var accountingVoucherYears = 8 // § 147 AO, § 257 HGB, § 14b UStG since 2025
var businessLetterYears = 6
var httpMaxBodyBytes = 262144

// Functions that drain the poison queues into dead letters (the poison-queue alert counts their runs); a test
// compares this list with the built functions.metadata.
var poisonHandlerFunctions = [
  'RecordFailedNotification'
  'RecordFailedReceiptJob'
  'RecordFailedReport'
]

// Every role this template assigns (built-in role definition IDs). infra/deployer-access.bicep limits the deployer's
// role-assignment rights to exactly these; a test checks that the two lists match what the modules assign.
var grantedRoleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  '3913510d-42f4-4b42-8a39-c1a38ab0d8d0' // Monitoring Metrics Publisher
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    principalId: identity.outputs.principalId
    identityResourceId: identityResourceId
    tags: allTags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: names.identity
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    skuName: storageSkuName
    principalId: identity.outputs.principalId
    identityResourceId: identityResourceId
    immutableContainers: immutableContainers
    enableVersioning: enableBlobVersioning
    lockAccount: lockStorageAccount
    softDeleteRetentionDays: softDeleteRetentionDays
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.keyVault
    tenantId: tenantId
    principalId: identity.outputs.principalId
    identityResourceId: identityResourceId
    sendGridApiKey: sendGridApiKey
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    name: names.functionApp
    identityResourceId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    authAuthority: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
    authAudience: '${apiApplicationIdUri},${apiClientId}'
    allowedClientApps: join(allowedClientApps, ',')
    platformAdminRole: platformAdminRole
    backupSchedule: backupSchedule
    platformObserverRole: platformObserverRole
    figureFoldSchedule: figureFoldSchedule
    reportSchedule: reportSchedule
    outboxRelaySchedule: outboxRelaySchedule
    collectiveReceiptSchedule: collectiveReceiptSchedule
    retentionSchedule: retentionSchedule
    counterSweepSchedule: counterSweepSchedule
    proofOfUseReminderSchedule: proofOfUseReminderSchedule
    anonymiseAfterDays: anonymiseAfterDays
    accountingVoucherYears: accountingVoucherYears
    businessLetterYears: businessLetterYears
    httpMaxBodyBytes: httpMaxBodyBytes
    allowedCorsOrigins: allowedCorsOrigins
    maximumInstanceCount: maximumInstanceCount
    // azd deploys the package to the resource carrying this tag (azure.yaml: services.api).
    tags: union(allTags, {
      'azd-service-name': 'api'
    })
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    baseName: baseName
    opsEmail: opsEmail
    workspaceId: monitoring.outputs.workspaceId
    appInsightsId: monitoring.outputs.appInsightsId
    functionAppHostName: functionApp.outputs.defaultHostName
    poisonHandlerFunctions: poisonHandlerFunctions
    failureThreshold: failureAlertThreshold
    tags: allTags
  }
}

@description('Name of the Function App (deploy target).')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the Function App; the API is at https://<host>/api/...')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Client ID of the user-assigned identity the app runs as.')
output identityClientId string = identity.outputs.clientId

@description('Name of the Key Vault (set the SendGridApiKey secret here).')
output keyVaultName string = keyVault.outputs.name

// azd reads these (AZURE_* by convention) into the environment's .env.
@description('Resource group of the deployment (azd).')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Region of the deployment (azd).')
output AZURE_LOCATION string = location

@description('Tenant of the API tokens (azd).')
output AZURE_TENANT_ID string = tenantId

@description('Name of the Function App (azd).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the API (azd).')
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Name of the storage account (azd).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Name of the Key Vault (azd).')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Role definition IDs the template assigns; the deployer\'s role-assignment condition allows exactly these.')
output grantedRoleIds array = grantedRoleIds
