// Prod environment of the MINT-Regionalfonds pilot (TH Bingen, MINT region Mainz-Bingen, Rhineland-Palatinate).
// No secrets here: the SendGrid key reaches Key Vault through the deploy workflow's secret (see README "Deploying").
//
//   az deployment group create -g rg-mintfonds-prod -p infra/prod.bicepparam
using './main.bicep'

param environmentName = 'prod'
param fundingRegionShortName = 'mzbi'
param location = 'germanywestcentral'

// The API app registration "MintFonds API" (README "App registration"). Both values are accepted as token
// audience: Entra writes the client id into v2 tokens (requestedAccessTokenVersion: 2) and the URI into v1 tokens.
param apiApplicationIdUri = 'api://mintfonds-mzbi'
param apiClientId = 'c4a1e2b3-d5f6-4a7b-8c9d-0e1f2a3b4c5d'

// Client apps that may call the API: the office's admin UI and the deploy workflow's smoke-test identity.
param allowedClientApps = [
  '7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b' // MintFonds Office UI
  '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e' // GitHub deploy (prod): smoke test
]
param platformAdminRole = 'MintFonds.PlatformAdmin'
param platformObserverRole = 'MintFonds.PlatformObserver'

// The SendGrid key comes from the deploy workflow's secret through the environment, never from this file or a command
// line; empty (e.g. when compiled in a test) leaves the Key Vault secret as it is.
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY', '')

param opsEmail = 'mint-regionalfonds-ops@th-bingen.de'

param allowedCorsOrigins = [
  'https://mint-regionalfonds.th-bingen.de'
]

param storageSkuName = 'Standard_ZRS'

// Records kept as the law requires (README "Records and retention"); time-based WORM counted from each blob's
// creation. Policies start unlocked; lock them once the fund office has agreed the periods.
//   receipts  donation receipts (copies, § 50 Abs. 7 EStDV) and sponsoring invoices: accounting vouchers,
//             8 years (§ 147 Abs. 3 AO, § 257 Abs. 4 HGB, § 14b UStG since 2025). Not longer: the retention timer
//             anonymises them when Privacy__AccountingVoucherYears (8) have passed, and WORM would refuse that.
//   bankfiles payout files (pain.001): vouchers of the payments, 8 years.
//   reports   sponsor reports and proof-of-use reports: part of the fund's annual accounts, 10 years
//             (§ 147 Abs. 1 Nr. 1 AO, § 257 Abs. 1 Nr. 1 HGB).
//   backups   nightly exports of the books (ledger, payments, receipts, audit trail, number series): 10 years.
param immutableContainers = [
  {
    name: 'receipts'
    days: 2922
  }
  {
    name: 'bankfiles'
    days: 2922
  }
  {
    name: 'reports'
    days: 3653
  }
  {
    name: 'backups'
    days: 3653
  }
]
param enableBlobVersioning = true
param lockStorageAccount = true
param softDeleteRetentionDays = 30
param maximumInstanceCount = 40
param failureAlertThreshold = 5

param tags = {
  owner: 'TH Bingen'
  costCenter: 'MINT-Regionalfonds'
}
