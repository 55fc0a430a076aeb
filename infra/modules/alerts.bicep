// Alarms that reach the fund office's operations address. Everything the app cannot heal by itself rings here:
//   - a message in any poison queue (the app records each as a dead letter; the alert counts the handler's runs),
//   - function failures above a threshold,
//   - a timer run that started and did not complete (outbox relay, decision healing, retention, collective
//     receipts, backups, and every later timer that runs through TimerRuns), and a missing heartbeat of the
//     five-minute timers (the host not running timers at all),
//   - the availability test of GET /api/health (storage reachable and the Key Vault reference resolved).

@description('Azure region for the alert rules and the availability test.')
param location string

@description('Name prefix of the alert resources.')
param baseName string

@description('E-mail address of the fund office\'s operations contact (the action group\'s receiver).')
param opsEmail string

@description('Resource ID of the Log Analytics workspace (log alerts query it).')
param workspaceId string

@description('Resource ID of the Application Insights component.')
param appInsightsId string

@description('Host name of the Function App; the availability test calls https://<host>/api/health.')
param functionAppHostName string

@description('Names of the functions that handle poison queues ("<queue>-poison"); one run means one message arrived there.')
param poisonHandlerFunctions array

@description('Failed function executions within 15 minutes from which the failure alert fires.')
@minValue(1)
param failureThreshold int = 5

@description('Tags applied to every resource.')
param tags object = {}

resource actionGroup 'Microsoft.Insights/actionGroups@2024-10-01-preview' = {
  name: 'ag-${baseName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('mintfonds', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: opsEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var poisonQuery = 'AppRequests | where Name in (${join(map(poisonHandlerFunctions, f => '"${f}"'), ', ')}) | summarize Messages = count() by Name'

resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${baseName}-poison-queue'
  location: location
  tags: tags
  properties: {
    displayName: 'MintFonds: message in a poison queue'
    description: 'A queue message exhausted its retries. It is recorded as a dead letter: see GET /api/manage/funds/{fundId}/dead-letters and resend it once the cause is fixed.'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: poisonQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'Messages'
          dimensions: [
            {
              name: 'Name'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource failureAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${baseName}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than ${failureThreshold} failed function executions (HTTP 5xx answers, thrown timer or queue runs) within 15 minutes.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-executions'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: failureThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// TimerRuns (Platform/TimerRuns.cs) logs "Timer run started: {Timer} {TimerRun}" and "Timer run completed: …" for
// every run. A start without its completion two hours later is a run that crashed, hung or was cut off.
var unfinishedRunsQuery = '''
let started = AppTraces
  | where TimeGenerated between (ago(1d) .. ago(2h)) and Message startswith "Timer run started: "
  | project Timer = tostring(Properties["Timer"]), Run = tostring(Properties["TimerRun"]);
let completed = AppTraces
  | where TimeGenerated > ago(1d) and Message startswith "Timer run completed: "
  | project Run = tostring(Properties["TimerRun"]);
started
| join kind=leftanti completed on Run
| summarize Unfinished = count() by Timer
'''

resource unfinishedTimerAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${baseName}-timer-not-completed'
  location: location
  tags: tags
  properties: {
    displayName: 'MintFonds: a timer run did not complete'
    description: 'A timer (outbox relay, decision healing, retention, receipts, reports, reminders, backups) started and did not finish within two hours. Look at the run\'s exceptions in Application Insights; each timer catches up on its next run.'
    severity: 2
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: unfinishedRunsQuery
          timeAggregation: 'Total'
          metricMeasureColumn: 'Unfinished'
          dimensions: [
            {
              name: 'Timer'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// The outbox relay completes every five minutes; no completion for 30 minutes means timers do not run at all.
resource heartbeatAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${baseName}-timer-heartbeat'
  location: location
  tags: tags
  properties: {
    displayName: 'MintFonds: no timer heartbeat'
    description: 'The outbox relay has not completed a run for 30 minutes: the app does not run its timers (stopped, failing at start-up, or its storage unreachable).'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT30M'
    criteria: {
      allOf: [
        {
          query: 'AppTraces | where Message startswith "Timer run completed: " and tostring(Properties["Timer"]) == "RelayOutbox" | summarize Runs = count()'
          timeAggregation: 'Total'
          metricMeasureColumn: 'Runs'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-${baseName}-health'
  location: location
  // The portal links a test to its component through this tag.
  tags: union(tags, {
    'hidden-link:${appInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-${baseName}-health'
    Name: 'MintFonds GET /api/health'
    Description: 'Storage reachable and the SendGrid Key Vault reference resolved (the health route checks both).'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-fr-pra-edge'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
    ]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${baseName}-health'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /api/health fails from at least two locations: the API is down, its storage unreachable or its Key Vault reference unresolved.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      appInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: appInsightsId
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

@description('Resource ID of the action group.')
output actionGroupId string = actionGroup.id
