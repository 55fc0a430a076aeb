// Function App on the Flex Consumption plan (Linux, .NET 10 isolated worker).
// All storage access is identity-based through the user-assigned identity; the deployment package lives in a blob
// container of the same storage account.

@description('Azure region for the plan and the app.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Globally unique name of the Function App (becomes <name>.azurewebsites.net).')
param name string

@description('Resource ID of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Client ID of that identity (AzureWebJobsStorage__clientId).')
param identityClientId string

@description('Blob service endpoint of the storage account, with trailing slash.')
param blobEndpoint string

@description('Queue service endpoint of the storage account, with trailing slash.')
param queueEndpoint string

@description('Table service endpoint of the storage account, with trailing slash.')
param tableEndpoint string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Connection string of the Application Insights component.')
param appInsightsConnectionString string

@description('Name of the Key Vault holding SendGridApiKey.')
param keyVaultName string

@description('OpenID Connect authority that issues the API tokens (Auth__Authority).')
param authAuthority string

@description('Accepted token audiences, comma-separated: the Application ID URI and the client id (Auth__Audience).')
param authAudience string

@description('Client ids of the apps allowed to call the API, comma-separated; empty = any app of the tenant (Auth__AllowedClientApps).')
param allowedClientApps string = ''

@description('App role that grants platform administration (Auth__PlatformAdminRole).')
param platformAdminRole string

@description('NCRONTAB (6 fields, UTC) of the nightly table backup (BackupSchedule).')
param backupSchedule string

@description('NCRONTAB (6 fields, UTC) of the quarterly sponsor reports (SponsorReportSchedule).')
param reportSchedule string

@description('NCRONTAB (6 fields, UTC) of the figures fold that keeps the transparency figures current (FigureFoldSchedule).')
param figureFoldSchedule string

@description('App role of the state MINT office, which reads the state-wide figures (Auth__PlatformObserverRole).')
param platformObserverRole string

@description('NCRONTAB (6 fields, UTC) of the yearly collective donation receipts (CollectiveReceiptSchedule).')
param collectiveReceiptSchedule string

@description('NCRONTAB (6 fields, UTC) of the outbox relay, the safety net that sends queued jobs whose inline send was interrupted (OutboxRelaySchedule).')
param outboxRelaySchedule string

@description('NCRONTAB (6 fields, UTC) of the sweep that removes expired rate-limit, quota and challenge rows (CounterSweepSchedule).')
param counterSweepSchedule string

@description('NCRONTAB (6 fields, UTC) of the retention timer that anonymises and purges what is due (RetentionSchedule).')
param retentionSchedule string

@description('NCRONTAB (6 fields, UTC) of the daily proof-of-use reminders (ProofOfUseReminderSchedule).')
param proofOfUseReminderSchedule string

@description('Days after a withdrawal or rejection until an application\'s contact and bank data are anonymised (Privacy__AnonymiseAfterDays).')
@minValue(0)
@maxValue(3650)
param anonymiseAfterDays int

@description('Years accounting vouchers (payments, receipts, invoices) are kept from the end of their calendar year (Privacy__AccountingVoucherYears).')
@minValue(1)
@maxValue(30)
param accountingVoucherYears int

@description('Years business letters (pledges) are kept from the end of their calendar year (Privacy__BusinessLetterYears).')
@minValue(1)
@maxValue(30)
param businessLetterYears int

@description('Maximum request body size in bytes accepted by the HTTP functions (Http__MaxBodyBytes).')
param httpMaxBodyBytes int

@description('Browser origins allowed to call the API (CORS), e.g. the web forms\' site. Empty = no CORS.')
param allowedCorsOrigins array = []

@description('Upper bound of instances the plan scales out to (a cost guard).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Tags applied to every resource.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (SendGrid__ApiKey) are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityResourceId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // On Flex Consumption the worker runtime is set here. FUNCTIONS_WORKER_RUNTIME (and FUNCTIONS_EXTENSION_VERSION)
      // are NOT allowed as app settings on this plan: the deployment is rejected if they are present.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: allowedCorsOrigins
        supportCredentials: false
      }
      // The application reads exactly these names (see local.settings.sample.json for the local equivalents).
      appSettings: [
        // Identity-based host storage (no connection string: the account has shared-key access disabled).
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: tableEndpoint
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        // Application Insights refuses unauthenticated telemetry (DisableLocalAuth): host and worker send it with
        // the user-assigned identity's token.
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identityClientId}'
        }
        {
          name: 'AZURE_FUNCTIONS_ENVIRONMENT'
          value: 'Production'
        }
        {
          name: 'Auth__Authority'
          value: authAuthority
        }
        {
          name: 'Auth__Audience'
          value: authAudience
        }
        {
          name: 'Auth__AllowedClientApps'
          value: allowedClientApps
        }
        {
          name: 'Auth__PlatformAdminRole'
          value: platformAdminRole
        }
        {
          name: 'Auth__PlatformObserverRole'
          value: platformObserverRole
        }
        // Resolved by the platform. If the secret does not exist (yet), the app sees this literal text, not a key.
        {
          name: 'SendGrid__ApiKey'
          value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=SendGridApiKey)'
        }
        {
          name: 'Seed__Enabled'
          value: 'false'
        }
        {
          name: 'Http__MaxBodyBytes'
          value: string(httpMaxBodyBytes)
        }
        // The fund websites (the CORS origins) may also show the web forms in an iframe. Forms__PublicBaseUrl stays
        // unset: the app finds its own address in WEBSITE_HOSTNAME.
        {
          name: 'Forms__FrameAncestors'
          value: join(allowedCorsOrigins, ' ')
        }
        {
          name: 'BackupSchedule'
          value: backupSchedule
        }
        {
          name: 'SponsorReportSchedule'
          value: reportSchedule
        }
        {
          name: 'FigureFoldSchedule'
          value: figureFoldSchedule
        }
        {
          name: 'CollectiveReceiptSchedule'
          value: collectiveReceiptSchedule
        }
        {
          name: 'OutboxRelaySchedule'
          value: outboxRelaySchedule
        }
        {
          name: 'RetentionSchedule'
          value: retentionSchedule
        }
        {
          name: 'CounterSweepSchedule'
          value: counterSweepSchedule
        }
        {
          name: 'ProofOfUseReminderSchedule'
          value: proofOfUseReminderSchedule
        }
        {
          name: 'Privacy__AnonymiseAfterDays'
          value: string(anonymiseAfterDays)
        }
        {
          name: 'Privacy__AccountingVoucherYears'
          value: string(accountingVoucherYears)
        }
        {
          name: 'Privacy__BusinessLetterYears'
          value: string(businessLetterYears)
        }
      ]
    }
  }
}

// No publishing with user name and password (FTP, or the SCM site's basic auth): deployments use Entra ID (OIDC).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Resource ID of the Function App.')
output id string = functionApp.id

@description('Name of the Function App.')
output name string = functionApp.name

@description('Default host name, e.g. <name>.azurewebsites.net')
output defaultHostName string = functionApp.properties.defaultHostName
