// Key Vault (RBAC authorization, soft delete + purge protection) for the app's secrets.
// The Function App reads SendGridApiKey through a Key Vault reference, resolved with its user-assigned identity.

@description('Azure region for the vault.')
param location string

@description('Globally unique vault name (3-24 letters, digits and hyphens, starting with a letter).')
@minLength(3)
@maxLength(24)
param name string

@description('Entra ID tenant of the vault.')
param tenantId string

@description('Principal (object) ID of the Function App identity that gets "Key Vault Secrets User".')
param principalId string

@description('Resource ID of that identity; only used to derive a stable role-assignment name.')
param identityResourceId string

@description('SendGrid API key. When empty no secret is written (set it later with az keyvault secret set).')
@secure()
param sendGridApiKey string = ''

@description('Days a deleted vault or secret stays recoverable (7-90; cannot be changed after creation).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Resource ID of the Log Analytics workspace that receives the vault\'s audit log (who read which secret).')
param workspaceId string

@description('Tags applied to every resource.')
param tags object = {}

// Built-in role "Key Vault Secrets User".
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection cannot be turned off again; a deleted vault name stays reserved for the retention period.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Only written when a value is passed, so a redeploy without the parameter leaves a secret set out-of-band alone.
resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: 'SendGridApiKey'
  properties: {
    value: sendGridApiKey
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityResourceId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'MintFonds Function App identity: read secrets (Key Vault references)'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

@description('Resource ID of the vault.')
output id string = vault.id

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/')
output uri string = vault.properties.vaultUri
