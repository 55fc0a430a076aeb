// The rights of the identity that deploys main.bicep (the GitHub workflow's federated identity, or a person running
// `azd up`), on the environment's resource group. Deployed ONCE per environment by an Owner of the resource group:
//
//   az deployment group create -g <rg> -f infra/deployer-access.bicep -p deployerPrincipalId=<object id>
//
// It grants:
//   - Contributor: create and update the resources.
//   - Role Based Access Control Administrator with an ABAC condition: the deployer may create and delete role
//     assignments ONLY for the roles main.bicep grants (grantedRoleIds below, the same list as in main.bicep; a test
//     keeps them equal) and only to service principals (the app's managed identity). It cannot make itself or
//     anyone else Owner, nor hand out data roles to people.
//   - "MintFonds lock writer" (a custom role): create the CanNotDelete lock on the prod storage account. Contributor
//     cannot write locks; this role cannot delete them, so removing a lock stays with an Owner.
targetScope = 'resourceGroup'

@description('Object ID of the deploying principal (service principal of the workflow\'s app registration or managed identity).')
@minLength(36)
@maxLength(36)
param deployerPrincipalId string

@description('Kind of the deploying principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param deployerPrincipalType string = 'ServicePrincipal'

// The same list as grantedRoleIds in main.bicep.
var grantedRoleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  '3913510d-42f4-4b42-8a39-c1a38ab0d8d0' // Monitoring Metrics Publisher
]

var contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
var rbacAdministratorRoleId = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var roleList = join(grantedRoleIds, ', ')

// ABAC condition (version 2.0): writes and deletes of role assignments are allowed only for the listed roles and,
// for writes, only to service principals. Every other action of the role is unaffected.
var roleAssignmentCondition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleList}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleList}}))'

resource lockWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'mintfonds-lock-writer')
  properties: {
    roleName: 'MintFonds lock writer (${resourceGroup().name})'
    description: 'Create and read management locks (not delete them); for the MintFonds deployment.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Authorization/locks/read'
          'Microsoft.Authorization/locks/write'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource contributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deployerPrincipalId, contributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributorRoleId)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    description: 'MintFonds deployer: create and update the resources'
  }
}

resource rbacAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deployerPrincipalId, rbacAdministratorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministratorRoleId)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    description: 'MintFonds deployer: assign only the roles main.bicep grants, only to service principals'
    conditionVersion: '2.0'
    condition: roleAssignmentCondition
  }
}

resource lockWriterAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deployerPrincipalId, 'mintfonds-lock-writer')
  properties: {
    roleDefinitionId: lockWriter.id
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    description: 'MintFonds deployer: create the storage account\'s delete lock'
  }
}

@description('The ABAC condition on the deployer\'s role-assignment rights.')
output roleAssignmentCondition string = roleAssignmentCondition
