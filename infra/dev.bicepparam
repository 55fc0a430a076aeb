// Dev environment of the MINT-Regionalfonds pilot (TH Bingen, MINT region Mainz-Bingen, Rhineland-Palatinate).
// No secrets here: the SendGrid key reaches Key Vault through the deploy workflow's secret (see README "Deploying").
//
//   az deployment group create -g rg-mintfonds-dev -p infra/dev.bicepparam
using './main.bicep'

param environmentName = 'dev'
param fundingRegionShortName = 'mzbi'
param location = 'germanywestcentral'

// The API app registration "MintFonds API (dev)" (README "App registration"). Both values are accepted as token
// audience: Entra writes the client id into v2 tokens (requestedAccessTokenVersion: 2) and the URI into v1 tokens.
param apiApplicationIdUri = 'api://mintfonds-mzbi-dev'
param apiClientId = '6f1c1f3e-3a54-4d1e-9a57-0c6d2b7e4d11'

// Client apps that may call the API: the office's admin UI and the deploy workflow's smoke-test identity.
param allowedClientApps = [
  '2b0e5a8c-7f3d-4b8e-9c1a-5d4e3f2a1b0c' // MintFonds Office UI (dev)
  '9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d' // GitHub deploy (dev): smoke test
]
param platformAdminRole = 'MintFonds.PlatformAdmin'
param platformObserverRole = 'MintFonds.PlatformObserver'

// The SendGrid key comes from the deploy workflow's secret through the environment, never from this file or a command
// line; empty (e.g. when compiled in a test) leaves the Key Vault secret as it is.
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')

param opsEmail = 'mint-regionalfonds-ops@th-bingen.de'

param allowedCorsOrigins = [
  'https://mint-regionalfonds-dev.th-bingen.de'
]

param storageSkuName = 'Standard_LRS'
// No WORM, no versioning, no lock in dev: a dev deployment must stay deletable.
param immutableContainers = []
param enableBlobVersioning = false
param lockStorageAccount = false
param softDeleteRetentionDays = 7
param maximumInstanceCount = 10

param tags = {
  owner: 'TH Bingen'
  costCenter: 'MINT-Regionalfonds'
}
