// StorageV2 account holding all MintFonds state: Table Storage (domain data), queues (jobs) and blobs
// (receipts, reports, attachments, the local mail outbox and the Flex Consumption deployment package).
// Shared-key access is disabled: every caller (Functions host, app code, deployment) authenticates with Entra ID,
// so the user-assigned identity gets data-plane roles here.

@description('Azure region for the storage account.')
param location string

@description('Globally unique storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Replication SKU. ZRS is recommended for prod where the region supports it.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Principal (object) ID of the Function App identity that gets Blob/Queue/Table data roles.')
param principalId string

@description('Resource ID of that identity; only used to derive stable role-assignment names.')
param identityResourceId string

@description('''Time-based (WORM) retention per container, e.g. [{ name: 'receipts', days: 2922 }]; empty = none.
Each policy is created UNLOCKED (it can still be shortened or removed, and it already refuses every overwrite and
delete). Lock it by hand (az storage container immutability-policy lock) once the fund office has agreed the period:
a locked policy can only be extended. Blobs under a policy cannot be deleted, nor can their container or the
account: keep it empty outside prod.''')
param immutableContainers array = []

@description('Keep every overwritten or deleted blob as a version (prod).')
param enableVersioning bool = false

@description('Put a CanNotDelete lock on the account (prod): deleting it then needs the lock removed first, by an Owner.')
param lockAccount bool = false

@description('Resource ID of the Log Analytics workspace that receives the blob/table/queue audit logs; empty = none.')
param workspaceId string = ''

@description('Days that deleted blobs and containers can be restored (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

@description('Tags applied to every resource.')
param tags object = {}

// Blob containers: exactly the ones the app writes (BlobContainerNames in Storage/StorageNames.cs; a test compares
// the two lists), plus "deployments" (last entry), which receives the Flex Consumption deployment package.
// "receipts" holds donation receipts and sponsoring invoices (written once, If-None-Match: *), "reports" the sponsor
// reports, "bankfiles" the payout files (pain.001), "backups" the nightly table exports, "mail-outbox" the .eml
// files written when no SendGrid key is configured, "branding" the funds' logos (public images, no personal data).
var containerNames = [
  'receipts'
  'reports'
  'attachments'
  'mail-outbox'
  'bankfiles'
  'backups'
  'branding'
  'deployments'
]
var deploymentContainerName = last(containerNames)

// Work queues (QueueNames in the code) and the "<name>-poison" twins that the Functions host moves failed messages
// to (pre-created so that the poison-queue handlers and the alert see them before the first failure).
var queueNames = [
  'notifications'
  'notifications-poison'
  'receipts'
  'receipts-poison'
  'reports'
  'reports-poison'
]

var tableNames = [
  'Funds'
  'Calls'
  'RoleAssignments'
  'Audit'
  'Idempotency'
  'Applications'
  'Sponsors'
  'Pledges'
  'Ledger'
  'Receipts'
  'Notifications'
  'Counters'
  'DeadLetters'
  'PersonIndex'
]

// Data-plane roles of the Function App identity on this account (built-in role definition IDs, the same GUID in
// every tenant). Blob Data Owner (not Contributor) is what the Functions host documents for AzureWebJobsStorage.
var storageRoles = [
  {
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
  {
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  }
  {
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    isVersioningEnabled: enableVersioning
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// One policy per listed container (the container must be one of containerNames).
resource immutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = [
  for (policy, i) in immutableContainers: {
    parent: containers[indexOf(containerNames, policy.name)]
    name: 'default'
    properties: {
      immutabilityPeriodSinceCreationInDays: policy.days
      allowProtectedAppendWrites: false
    }
  }
]

// Deleting the account (or its resource group) needs this lock removed first; data-plane writes are unaffected.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockAccount) {
  name: 'mintfonds-records-do-not-delete'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds receipts, invoices, the ledger and their backups (retention: § 147 AO, § 257 HGB). Remove only after the retention has ended.'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, identityResourceId, role.id)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: 'MintFonds Function App identity: ${role.name}'
    }
  }
]

// Who read, wrote or deleted what: the services' resource logs go to Log Analytics (storage has no other audit log).
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceId)) {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceId)) {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(workspaceId)) {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

@description('Resource ID of the storage account.')
output id string = storage.id

@description('Name of the storage account.')
output name string = storage.name

@description('Blob service endpoint, e.g. https://<account>.blob.core.windows.net/')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table service endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('URL of the container holding the Flex Consumption deployment package.')
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
