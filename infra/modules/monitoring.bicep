// Log Analytics workspace + workspace-based Application Insights. Local (instrumentation-key) authentication is off:
// only Entra identities holding "Monitoring Metrics Publisher" (the app's identity) can send telemetry, so the
// connection string, which is not a secret, cannot be used to forge or flood telemetry.

@description('Azure region for the resources.')
param location string

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days to keep logs in the workspace (30 is the free retention of the PerGB2018 tier).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Principal (object) ID of the Function App identity that gets "Monitoring Metrics Publisher".')
param principalId string

@description('Resource ID of that identity; only used to derive a stable role-assignment name.')
param identityResourceId string

@description('Tags applied to every resource.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
    DisableLocalAuth: true
  }
}

// Built-in role "Monitoring Metrics Publisher": lets the app's identity send telemetry with an Entra token.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4b42-8a39-c1a38ab0d8d0'

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identityResourceId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'MintFonds Function App identity: send telemetry (local authentication is disabled)'
  }
}

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name

// Not a secret (it only allows sending telemetry); it ends up as an app setting of the Function App.
@description('Connection string of the Application Insights component (APPLICATIONINSIGHTS_CONNECTION_STRING).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString

@description('Resource ID of the Application Insights component.')
output appInsightsId string = appInsights.id

@description('Resource ID of the Log Analytics workspace.')
output workspaceId string = workspace.id
