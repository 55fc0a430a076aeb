// Example parameters: MINT-Regionalfonds pilot of TH Bingen (MINT region Mainz-Bingen, Rhineland-Palatinate).
// No secrets here. The SendGrid key is passed at deploy time (-p sendGridApiKey=...) or set directly in Key Vault;
// environmentName is overridden per GitHub environment (-p environmentName=test|prod).
using './main.bicep'

param environmentName = 'dev'
param fundingRegionShortName = 'mzbi'
param location = 'germanywestcentral'

// tenantId defaults to the deploying tenant; set it only if the API app registration lives in another tenant.
// Application ID URI of the API app registration (placeholder: replace with the real one).
param apiAudience = 'api://mintfonds-th-bingen'
param platformAdminRole = 'MintFonds.PlatformAdmin'
param platformObserverRole = 'MintFonds.PlatformObserver'

// Origins of the public application/pledge forms (placeholder).
param allowedCorsOrigins = [
  'https://mint-regionalfonds.th-bingen.de'
]

param storageSkuName = 'Standard_LRS'
// 0 while piloting; e.g. 3650 (10 years) once the retention of receipt copies is agreed with the fund office.
param receiptsRetentionDays = 0
param maximumInstanceCount = 40

param tags = {
  owner: 'TH Bingen'
  costCenter: 'MINT-Regionalfonds'
}
