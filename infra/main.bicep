// MintFonds — infrastructure of one deployment (one resource group per environment).
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam [-p environmentName=prod ...]
//
// Provisions: Log Analytics + Application Insights, a StorageV2 account (tables, queues, blob containers) with
// shared-key access disabled, a user-assigned managed identity with data-plane roles, a Key Vault (RBAC) for the
// SendGrid key, and a Function App on the Flex Consumption plan (.NET 10 isolated) that runs as that identity.
targetScope = 'resourceGroup'

@description('Azure region of all resources. Must offer the Flex Consumption plan (e.g. germanywestcentral, westeurope).')
param location string = resourceGroup().location

@description('Deployment stage; part of every resource name.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Short name of the funding region (lowercase letters and digits, e.g. "mzbi" for MINT-Region Mainz-Bingen); part of every resource name.')
@minLength(2)
@maxLength(10)
param fundingRegionShortName string

@description('Entra ID tenant that issues the API tokens and owns the Key Vault. Defaults to the deploying tenant.')
param tenantId string = tenant().tenantId

@description('Token audience the API accepts: the API app registration\'s application ID URI (api://...) or client ID.')
@minLength(1)
param apiAudience string

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

@description('Days of unlocked time-based WORM retention on the "receipts" container; 0 = none. Blobs under retention cannot be deleted (nor can the account): keep 0 outside prod.')
@minValue(0)
@maxValue(146000)
param receiptsRetentionDays int = 0

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
var reportSchedule = '0 0 6 1 1,4,7,10 *' // 06:00 UTC on the first day of each quarter
var outboxRelaySchedule = '0 */5 * * * *' // every five minutes
var figureFoldSchedule = '0 */5 * * * *' // every five minutes (the transparency page's Cache-Control matches)
var collectiveReceiptSchedule = '0 0 6 15 1 *' // 06:00 UTC on 15 January (collective receipts for the past year)
var retentionSchedule = '0 0 3 * * *' // 03:00 UTC every day (anonymise and purge what is due)
var anonymiseAfterDays = 365 // withdrawn or rejected applications: contact data anonymised a year later
var accountingVoucherYears = 8 // § 147 AO, § 257 HGB, § 14b UStG since 2025
var businessLetterYears = 6
var httpMaxBodyBytes = 262144

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
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
    receiptsRetentionDays: receiptsRetentionDays
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
    authAudience: apiAudience
    platformAdminRole: platformAdminRole
    platformObserverRole: platformObserverRole
    figureFoldSchedule: figureFoldSchedule
    reportSchedule: reportSchedule
    outboxRelaySchedule: outboxRelaySchedule
    collectiveReceiptSchedule: collectiveReceiptSchedule
    retentionSchedule: retentionSchedule
    anonymiseAfterDays: anonymiseAfterDays
    accountingVoucherYears: accountingVoucherYears
    businessLetterYears: businessLetterYears
    httpMaxBodyBytes: httpMaxBodyBytes
    allowedCorsOrigins: allowedCorsOrigins
    maximumInstanceCount: maximumInstanceCount
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
