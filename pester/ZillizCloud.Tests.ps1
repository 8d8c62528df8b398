# Pester 5: the cmdlets against the emulated Zilliz Cloud control plane (REST v2), over real loopback HTTP.
# Needs the Release build: ./build.ps1 -Task Build (it lays out out/BackupModule and builds the emulator).
# The emulator process serves both APIs; its Zilliz jobs are set to 300 ms here (it starts with 3 s).
# No assertion depends on a sleep: waits end on the emulator's state, and timeouts use -TimeoutSec
# against a job that takes ten minutes.

BeforeAll {
    # Every unexpected error fails the test; expected ones are asked for with -ErrorAction.
    $ErrorActionPreference = 'Stop'

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    Import-Module (Get-ModuleManifestPath) -Force

    # The suite decides when the environment fallback is in play.
    $savedEnvironment = Clear-ConnectionVariable

    $emulator = Start-TestEmulator
    $uri = $emulator.Uri
    $apiKeyText = 'zilliz-emulator-key'
    $apiKey = ConvertTo-SecureString $apiKeyText -AsPlainText -Force
    $clusterId = 'in01-emulator'
    $projectId = 'proj-emulator'

    function Connect-Zilliz {
        Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -ErrorAction Stop
    }

    function Reset-Zilliz {
        param([int] $BackupDurationMs = 300, [int] $RestoreDurationMs = 300, [string] $CollectionsShape = 'Collections')
        Reset-Emulator -Emulator $emulator
        Set-EmulatorZillizSetting -Emulator $emulator -BackupDurationMs $BackupDurationMs -RestoreDurationMs $RestoreDurationMs -CollectionsShape $CollectionsShape
        Connect-Zilliz
    }

    function Get-ZillizCollection {
        param([string] $Cluster = $clusterId)
        $found = Get-EmulatorZillizCluster -Emulator $emulator | Where-Object { $_.clusterId -eq $Cluster }
        foreach ($database in @($found.databases)) {
            foreach ($collection in @($database.collections)) { "$($database.dbName).$($collection.collectionName)" }
        }
    }
}

AfterAll {
    Disconnect-ClusterBackupService -ErrorAction SilentlyContinue
    if ($null -ne $emulator) {
        Stop-TestEmulator -Emulator $emulator
    }
    Restore-ConnectionVariable -Saved $savedEnvironment
    Get-Module BackupModule | Remove-Module -Force
    Get-Module TestHelpers | Remove-Module -Force
}

Describe 'Connect-ClusterBackupService -ZillizCloud' {
    BeforeEach {
        Reset-Zilliz
        Clear-EmulatorAudit -Emulator $emulator
    }

    AfterEach {
        $null = Clear-ConnectionVariable
        Connect-Zilliz
    }

    It 'connects with one read of the list, scoped to the cluster and project, and becomes the default' {
        $connection = Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -PassThru
        $connection.Backend | Should -Be 'ZillizCloud'
        $connection.ClusterId | Should -Be $clusterId
        $connection.ProjectId | Should -Be $projectId
        $connection.IsDefault | Should -BeTrue

        $audit = @(Get-EmulatorAudit -Emulator $emulator)
        $audit.Count | Should -Be 1
        $audit[0].method | Should -Be 'GET'
        $audit[0].path | Should -Be '/v2/backups'
        $audit[0].query | Should -Match 'clusterId=in01-emulator'
        $audit[0].credential | Should -Be 'valid'
        ($connection | Format-List -Property * | Out-String) | Should -Not -Match $apiKeyText
    }

    It 'connects from ZILLIZ_API_KEY and its companions when given no parameters' {
        $env:ZILLIZ_API_KEY = $apiKeyText
        $env:ZILLIZ_CLOUD_URI = $uri
        $env:ZILLIZ_CLUSTER_ID = $clusterId
        $connection = Connect-ClusterBackupService -PassThru -WarningVariable warnings
        $connection.Backend | Should -Be 'ZillizCloud'
        $connection.ClusterId | Should -Be $clusterId
        $warnings.Count | Should -Be 0
    }

    It 'prefers DCOS_* over ZILLIZ_* with a warning' {
        $env:ZILLIZ_API_KEY = $apiKeyText
        $env:DCOS_URL = $uri
        $env:DCOS_ACS_TOKEN = 'dcos-emulator-token'
        $connection = Connect-ClusterBackupService -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $connection.Backend | Should -Be 'DcosBackup'
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'ZILLIZ_API_KEY'
    }

    It 'maps a wrong API key to Unauthorized and never shows it' {
        $canary = 'zilliz-canary-3f9c1a'
        $records = @(& {
                $DebugPreference = 'Continue'
                try {
                    Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey (ConvertTo-SecureString $canary -AsPlainText -Force) -Verbose -ErrorAction Stop
                }
                catch {
                    $_
                }
            } 4>&1 5>&1)
        $err = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'Unauthorized,BackupModule.Commands.ConnectClusterBackupServiceCommand'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        foreach ($record in $records) {
            ($record | Format-List -Property * -Force | Out-String) | Should -Not -Match $canary
        }
        $err[0].Exception.ToString() | Should -Not -Match $canary
    }
}

Describe 'Backups made with New-ClusterBackup -Wait' {
    BeforeAll {
        # Collections named with their database, as the newest schema's dbCollections describes them.
        Reset-Zilliz -CollectionsShape DbCollections
        $cluster = New-ClusterBackup -Wait
        $collection = New-ClusterBackup -Collection medium_articles -Database default -Wait
    }

    It 'are Ready Zilliz backups with their job, scope and collections' {
        $cluster | Should -BeOfType ([BackupModule.Model.ClusterBackup])
        $cluster.Backend | Should -Be 'ZillizCloud'
        $cluster.Status | Should -Be 'Ready'
        $cluster.RawStatus | Should -Be 'AVAILABLE'
        $cluster.JobId | Should -BeLike 'job-*'
        $cluster.Scope | Should -Be 'Cluster'
        $cluster.CreationMethod | Should -Be 'Manual'
        $cluster.ClusterId | Should -Be $clusterId
        @($cluster.Items | ForEach-Object Name) | Should -Contain 'analytics.events'
        $collection.Scope | Should -Be 'Collection'
        @($collection.Items | ForEach-Object Name) | Should -Be @('default.medium_articles')
    }

    It 'are listed and filtered by -Scope, -CreationMethod, -Status, -Label and -ClusterId' {
        @(Get-ClusterBackup).Count | Should -Be 2
        @(Get-ClusterBackup -Scope Collection | ForEach-Object Id) | Should -Be @($collection.Id)
        @(Get-ClusterBackup -Scope Cluster | ForEach-Object Id) | Should -Be @($cluster.Id)
        @(Get-ClusterBackup -CreationMethod Manual).Count | Should -Be 2
        @(Get-ClusterBackup -CreationMethod Auto).Count | Should -Be 0
        @(Get-ClusterBackup -Status Ready).Count | Should -Be 2
        @(Get-ClusterBackup -Status Creating, Failed).Count | Should -Be 0
        @(Get-ClusterBackup -Label $cluster.Label | ForEach-Object Id) | Should -Be @($cluster.Id)
        @(Get-ClusterBackup -Label 'dedicated-01_*').Count | Should -Be 2
        @(Get-ClusterBackup -ClusterId 'in01-nosuchcluster' -ErrorAction SilentlyContinue -ErrorVariable missing).Count | Should -Be 0
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'ClusterNotFound,*'
        $missing[0].TargetObject | Should -Be 'in01-nosuchcluster'
        @(Get-ClusterBackup -Id $cluster.Id | ForEach-Object Id) | Should -Be @($cluster.Id)
    }

    It 'are found again from the pipeline' {
        @($collection | Get-ClusterBackup | ForEach-Object Id) | Should -Be @($collection.Id)
    }

    It 'show bare collection names when the service describes them as its examples do (no databases)' {
        Set-EmulatorZillizSetting -Emulator $emulator -CollectionsShape Collections
        @((Get-ClusterBackup -Id $cluster.Id).Items | ForEach-Object Name) | Should -Contain 'events'
        @((Get-ClusterBackup -Id $collection.Id).Items | ForEach-Object Name) | Should -Be @('medium_articles')
        (Get-ClusterBackup -Id $cluster.Id).MilvusVersions | Should -Be @('Latest', 'Original')
    }

    It 'are filtered by creation time with -CreatedAfter and -CreatedBefore, sent as start and end' {
        Clear-EmulatorAudit -Emulator $emulator
        $first, $second = Get-ClusterBackup | Sort-Object CreatedAt
        @(Get-ClusterBackup -CreatedAfter $second.CreatedAt.UtcDateTime | ForEach-Object Id) | Should -Be @($second.Id)
        @(Get-ClusterBackup -CreatedBefore $second.CreatedAt.UtcDateTime | ForEach-Object Id) | Should -Be @($first.Id)
        $lists = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -eq '/v2/backups' })
        @($lists | Where-Object { $_.query -match '[?&]start=' }).Count | Should -Be 1
        @($lists | Where-Object { $_.query -match '[?&]end=' }).Count | Should -Be 1
    }
}

Describe 'Cross-region copies' {
    BeforeEach {
        Reset-Zilliz
    }

    It 'go with a new backup whose confirmation says what they cost; -WhatIf sends nothing' {
        New-ClusterBackup -CopyToRegion aws-us-east-1 -WhatIf
        @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz).Count | Should -Be 0

        $streams = @(New-ClusterBackup -CopyToRegion aws-us-east-1 -Confirm:$false -Verbose 4>&1)
        $said = @($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$_" }) -join "`n"
        $backup = @($streams | Where-Object { $_ -is [BackupModule.Model.ClusterBackup] })
        $create = @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz)
        $create.Count | Should -Be 1
        ($create[0].requestBody | ConvertFrom-Json).crossRegionCopies.regionId | Should -Be 'aws-us-east-1'
        $backup.Count | Should -Be 1
        $said | Should -Match 'with a copy in aws-us-east-1'
        $said | Should -Match 'billed'
    }

    It 'are set on the policy and shown by Get-ClusterBackupPolicy' {
        Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -CopyToRegion aws-us-east-1 -CopyRetentionDays 3 -Confirm:$false
        $copy = (Get-ClusterBackupPolicy).CrossRegionCopies
        $copy.RegionId | Should -Be 'aws-us-east-1'
        $copy.RetentionDays | Should -Be 3
        $copy.Region | Should -Be 'us-east-1'
    }
}

Describe 'Restore-ClusterBackup' {
    BeforeEach {
        Reset-Zilliz
        $backup = New-ClusterBackup -Wait
        $null = New-ClusterBackup -Collection medium_articles -Wait
    }

    It 'runs the design-card pipeline: one collection, renamed, into the same cluster' {
        $jobs = @(Get-ClusterBackup | Where Status -eq Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName restore_medium_articles -Wait -Confirm:$false)
        $jobs.Count | Should -Be 1
        $jobs[0] | Should -BeOfType ([BackupModule.Model.ClusterBackupJob])
        $jobs[0].Kind | Should -Be 'Restore'
        $jobs[0].Status | Should -Be 'Succeeded'
        $jobs[0].Target | Should -Be 'in01-emulator/default.restore_medium_articles'
        @(Get-ZillizCollection) | Should -Contain 'default.restore_medium_articles'
    }

    It 'goes on past a backup whose restore would overwrite, with DestinationCollectionExists' {
        $jobs = @(Get-ClusterBackup | Where Status -eq Ready | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName restore_medium_articles -Wait -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err)
        $jobs.Count | Should -Be 1
        $jobs[0].Status | Should -Be 'Succeeded'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'DestinationCollectionExists,BackupModule.Commands.RestoreClusterBackupCommand'
        @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz | Where-Object { $_.path -like '*/restoreCollection' }).Count | Should -Be 1
    }

    It 'restores a whole cluster into a new one, with its one-time login as a PSCredential shown nowhere' {
        $records = @(& {
                $DebugPreference = 'Continue'
                $backup | Restore-ClusterBackup -NewClusterName pester-restored -CuSize 1 -CollectionStatus Release -Wait -Force -Verbose
            } 4>&1 5>&1)
        $job = @($records | Where-Object { $_ -is [BackupModule.Model.ClusterBackupJob] })[0]
        $job.Status | Should -Be 'Succeeded'
        $job.Credential | Should -BeOfType ([pscredential])
        $job.Credential.UserName | Should -Be 'db_admin'
        $password = $job.Credential.GetNetworkCredential().Password
        $password.Length | Should -BeGreaterThan 7

        $restored = Get-EmulatorZillizCluster -Emulator $emulator | Where-Object { $_.clusterId -eq $job.Target }
        $restored.clusterName | Should -Be 'pester-restored'

        $escaped = [regex]::Escape($password)
        ($job | Format-Table | Out-String) | Should -Not -Match $escaped
        ($job | Format-List -Property * | Out-String) | Should -Not -Match $escaped
        ($job | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue) | Should -Not -Match $escaped
        "$job" | Should -Not -Match $escaped
        ($records | Out-String) | Should -Not -Match $escaped
        (Get-EmulatorAudit -Emulator $emulator | ConvertTo-Json -Depth 5) | Should -Not -Match $escaped
    }

    It 'refuses to roll a cluster back in place with NotSupported' {
        $err = Get-CapturedError { Restore-ClusterBackup -Id $backup.Id -Force -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -Be 'NotSupported,BackupModule.Commands.RestoreClusterBackupCommand'
        @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz | Where-Object { $_.path -like '*/restore*' }).Count | Should -Be 0
    }
}

Describe 'Jobs' {
    BeforeEach {
        Reset-Zilliz
        $backup = New-ClusterBackup -Wait
    }

    It 're-attaches from a new runspace with Get- and Wait-ClusterBackupJob -Id' {
        $job = $backup | Restore-ClusterBackup -Collection products -DestinationCollectionName products_copy -Force
        $job.Id | Should -BeLike 'job-*'

        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($manifest, $uri, $key, $cluster, $jobId)
                    Import-Module $manifest
                    Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $key -ClusterId $cluster -ErrorAction Stop
                    Get-ClusterBackupJob -Id $jobId
                    Wait-ClusterBackupJob -Id $jobId -TimeoutSec 60
                }).AddArgument((Get-ModuleManifestPath)).AddArgument($uri).AddArgument($apiKey).AddArgument($clusterId).AddArgument($job.Id)
            $out = @($ps.Invoke())
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
            Connect-Zilliz
        }
        $out.Count | Should -Be 2
        $out[0].Id | Should -Be $job.Id
        $out[1].Status.ToString() | Should -Be 'Succeeded'
        @(Get-ZillizCollection) | Should -Contain 'default.products_copy'
    }

    It 'waits for a backup piped from New-ClusterBackup until it is Ready' {
        $ready = New-ClusterBackup -Collection products | Wait-ClusterBackupJob -TimeoutSec 60
        $ready | Should -BeOfType ([BackupModule.Model.ClusterBackup])
        $ready.Status | Should -Be 'Ready'
    }

    It 'reports a failed restore as OperationFailed with the service reason' {
        Set-EmulatorFailNext -Emulator $emulator -Backend zilliz -Restore 'object storage unreachable'
        $job = $backup | Restore-ClusterBackup -Collection products -DestinationCollectionName products_fail -Force
        $err = Get-CapturedError { $job | Wait-ClusterBackupJob -TimeoutSec 60 -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -Be 'OperationFailed,BackupModule.Commands.WaitClusterBackupJobCommand'
        $err.Exception.Message | Should -Match 'object storage unreachable'
    }

    It 'ends -TimeoutSec with WaitTimedOut' {
        Set-EmulatorZillizSetting -Emulator $emulator -RestoreDurationMs 600000
        $job = $backup | Restore-ClusterBackup -Collection products -DestinationCollectionName products_slow -Force
        $err = Get-CapturedError { Wait-ClusterBackupJob -Id $job.Id -TimeoutSec 1 -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -Be 'WaitTimedOut,BackupModule.Commands.WaitClusterBackupJobCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'refuses a second manual backup while one runs with BackupServiceBusy' {
        Set-EmulatorZillizSetting -Emulator $emulator -BackupDurationMs 600000
        $null = New-ClusterBackup
        $err = Get-CapturedError { New-ClusterBackup -ErrorAction Stop -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -Be 'BackupServiceBusy,BackupModule.Commands.NewClusterBackupCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceBusy'
    }
}

Describe 'Backup policy' {
    BeforeAll {
        Reset-Zilliz
    }

    It 'reads back the schedule it set' {
        $set = Set-ClusterBackupPolicy -DayOfWeek Monday, Thursday -WindowStartUtc 03:00 -RetentionDays 14 -PassThru
        $got = Get-ClusterBackupPolicy
        foreach ($policy in $set, $got) {
            $policy.Enabled | Should -BeTrue
            @($policy.DayOfWeek) | Should -Be @([DayOfWeek]::Monday, [DayOfWeek]::Thursday)
            $policy.WindowStartUtc | Should -Be ([timespan]'03:00')
            $policy.WindowEndUtc | Should -Be ([timespan]'05:00')
            $policy.RetentionDays | Should -Be 14
        }
    }

    It 'turns it off with -Disable' {
        Set-ClusterBackupPolicy -Disable
        (Get-ClusterBackupPolicy).Enabled | Should -BeFalse
    }

    It 'rejects -RetentionDays 31 before any request' {
        Clear-EmulatorAudit -Emulator $emulator
        $err = Get-CapturedError { Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 31 -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,BackupModule.Commands.SetClusterBackupPolicyCommand'
        @(Get-EmulatorAudit -Emulator $emulator).Count | Should -Be 0
    }
}

Describe '-WhatIf' {
    BeforeAll {
        Reset-Zilliz
        $backup = New-ClusterBackup -Wait
    }

    It 'sends no POST or DELETE under /v2/ for New, both Restore sets, Remove and Set-ClusterBackupPolicy' {
        Clear-EmulatorAudit -Emulator $emulator

        New-ClusterBackup -WhatIf
        New-ClusterBackup -Collection medium_articles -Wait -WhatIf
        Restore-ClusterBackup -Id $backup.Id -NewClusterName pester-whatif -CuSize 1 -WhatIf
        $backup | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName whatif_copy -Wait -Force -WhatIf
        Remove-ClusterBackup -Id $backup.Id -WhatIf
        $backup | Remove-ClusterBackup -Force -WhatIf
        Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -WhatIf
        & {
            $WhatIfPreference = $true
            New-ClusterBackup
            Set-ClusterBackupPolicy -Disable
            Remove-ClusterBackup -Id $backup.Id -Force
        }

        @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz).Count | Should -Be 0
        @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.method -eq 'GET' }).Count | Should -BeGreaterThan 0
        (Get-ClusterBackup -Id $backup.Id).Status | Should -Be 'Ready'
        @(Get-ZillizCollection) | Should -Not -Contain 'default.whatif_copy'
        @(Get-EmulatorZillizCluster -Emulator $emulator).Count | Should -Be 1
    }

    It 'deletes with -Confirm:$false, having said "permanently", and the backup shows Deleted' {
        $said = @(Remove-ClusterBackup -Id $backup.Id -Confirm:$false -Verbose 4>&1 | ForEach-Object { "$_" })
        ($said -join "`n") | Should -Match 'permanently'
        (Get-ClusterBackup -Id $backup.Id).Status | Should -Be 'Deleted'
        @(Get-EmulatorMutation -Emulator $emulator -Backend zilliz | Where-Object { $_.method -eq 'DELETE' }).Count | Should -Be 1
    }
}
