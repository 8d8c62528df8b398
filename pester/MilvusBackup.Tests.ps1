# Pester 5: the cmdlets against the emulated milvus-backup REST server (`milvus-backup server`), over real loopback HTTP.
# Needs the Release build: ./build.ps1 -Task Build (it lays out out/BackupModule and builds the emulator).
# The emulator process serves every API; its milvus-backup tasks are set to 300 ms here (it starts with 3 s).
# No assertion depends on a sleep: waits end on the emulator's state, and timeouts use -TimeoutSec against a
# task that never leaves state 0.

BeforeAll {
    # Every unexpected error fails the test; expected ones are asked for with -ErrorAction.
    $ErrorActionPreference = 'Stop'

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    Import-Module (Get-ModuleManifestPath) -Force

    # The suite decides when the environment fallback is in play.
    $savedEnvironment = Clear-ConnectionVariable

    $emulator = Start-TestEmulator
    $uri = $emulator.MilvusBackupUri
    if (-not $uri) { throw 'The emulator showed no milvus-backup line in its banner.' }

    function Set-MilvusSetting {
        param([int] $BackupDurationMs = 300, [int] $RestoreDurationMs = 300, [bool] $MilvusReachable = $true)
        $body = @{ backupDurationMs = $BackupDurationMs; restoreDurationMs = $RestoreDurationMs; milvusReachable = $MilvusReachable }
        $null = Invoke-EmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/milvus-backup/settings' -Body $body
    }

    function Reset-Milvus {
        Reset-Emulator -Emulator $emulator
        Set-MilvusSetting
        Connect-ClusterBackupService -MilvusBackup -Uri $uri -ErrorAction Stop
    }

    function Get-MilvusMutation {
        Get-EmulatorAudit -Emulator $emulator | Where-Object { ($_.method -eq 'POST' -or $_.method -eq 'DELETE') -and $_.path -like '/api/v1/*' }
    }

    function Get-MilvusCollection {
        $milvus = Invoke-EmulatorAdmin -Emulator $emulator -Method GET -Path '/_emulator/milvus-backup/milvus'
        foreach ($collection in @($milvus.collections)) { "$($collection.database).$($collection.name)" }
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

Describe 'Connect-ClusterBackupService -MilvusBackup' {
    BeforeEach {
        Reset-Milvus
        Clear-EmulatorAudit -Emulator $emulator
    }

    It 'connects without a credential, checked with one GET /api/v1/list' {
        $connection = Connect-ClusterBackupService -MilvusBackup -Uri $uri -PassThru
        $connection.Backend | Should -Be 'MilvusBackup'
        $connection.Authentication | Should -Be 'None'
        $connection.IsDefault | Should -BeTrue

        $audit = @(Get-EmulatorAudit -Emulator $emulator)
        $audit.Count | Should -Be 1
        $audit[0].path | Should -Be '/api/v1/list'
        $audit[0].credential | Should -Be 'none'
    }

    It 'connects from MILVUS_BACKUP_URL in a scheduled task' {
        Disconnect-ClusterBackupService
        [Environment]::SetEnvironmentVariable('MILVUS_BACKUP_URL', $uri)
        try {
            $connection = Connect-ClusterBackupService -PassThru
            $connection.Backend | Should -Be 'MilvusBackup'
        }
        finally {
            [Environment]::SetEnvironmentVariable('MILVUS_BACKUP_URL', $null)
        }
    }
}

Describe 'New-ClusterBackup and Get-ClusterBackup on milvus-backup' {
    BeforeEach {
        Reset-Milvus
    }

    It 'makes a named backup, waits for it, and lists it by label wildcard with status and time' {
        $backup = New-ClusterBackup -Label nightly_1 -Wait -TimeoutSec 60
        $backup.Status | Should -Be 'Ready'
        $backup.Id | Should -Be 'nightly_1'
        $null = New-ClusterBackup -Label weekly_1 -Collection products -Wait -TimeoutSec 60

        $listed = @(Get-ClusterBackup -Label nightly*)
        $listed.Count | Should -Be 1
        $listed[0].Status | Should -Be 'Ready'
        $listed[0].CreatedAt | Should -Not -BeNullOrEmpty
        $listed[0].Items.Name | Should -Contain 'default.medium_articles'
        (Get-ClusterBackup -Label weekly_1).Scope | Should -Be 'Collection'
    }

    It 'refuses a name already in storage with BackupExists, and a bad name with InvalidLabel, sending no create' {
        $null = New-ClusterBackup -Label nightly_1 -Wait -TimeoutSec 60
        Clear-EmulatorAudit -Emulator $emulator

        New-ClusterBackup -Label nightly_1 -ErrorAction SilentlyContinue -ErrorVariable exists
        New-ClusterBackup -Label 'nightly-1' -ErrorAction SilentlyContinue -ErrorVariable invalid

        $exists[0].FullyQualifiedErrorId | Should -BeLike 'BackupExists,*'
        $exists[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $invalid[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLabel,*'
        $invalid[0].Exception.Message | Should -BeLike "*8th character '-'*"
        @(Get-MilvusMutation).Count | Should -Be 0
    }

    It 'ends a task stuck at state 0 at -TimeoutSec with WaitTimedOut and a warning' {
        Set-MilvusSetting -MilvusReachable $false

        $result = New-ClusterBackup -Label stuck_1 -Wait -TimeoutSec 3 -ErrorAction SilentlyContinue -ErrorVariable timedOut -WarningVariable warned -WarningAction SilentlyContinue

        $timedOut[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
        "$warned" | Should -BeLike '*may have failed before starting*log*'
        $result.Status | Should -Be 'Pending'
    }
}

Describe 'Restore-ClusterBackup on milvus-backup' {
    BeforeEach {
        Reset-Milvus
        $null = New-ClusterBackup -Label nightly_1 -Wait -TimeoutSec 60
        Clear-EmulatorAudit -Emulator $emulator
    }

    It 'runs the design-card pipeline: medium_articles beside the original, as medium_articles_r' {
        $job = Get-ClusterBackup | Where-Object Status -eq Ready | Restore-ClusterBackup -Collection medium_articles -Suffix _r -Wait -Confirm:$false

        $job.Status | Should -Be 'Succeeded'
        $job.Target | Should -Be 'default.medium_articles_r'
        Get-MilvusCollection | Should -Contain 'default.medium_articles_r'
        $restore = @(Get-MilvusMutation | Where-Object path -eq '/api/v1/restore')
        $restore.Count | Should -Be 1
        ($restore[0].requestBody | ConvertFrom-Json).async | Should -BeTrue
    }

    It 'sends nothing for -DropExisting -WhatIf, and replaces the collection when confirmed' {
        Restore-ClusterBackup -Id nightly_1 -Collection products -DropExisting -WhatIf
        @(Get-MilvusMutation).Count | Should -Be 0

        $job = Restore-ClusterBackup -Id nightly_1 -Collection products -DropExisting -Wait -Force
        $job.Status | Should -Be 'Succeeded'
        @(Get-MilvusMutation).Count | Should -Be 1
    }

    It 'refuses a restore onto an existing collection with DestinationCollectionExists naming the ways out' {
        Restore-ClusterBackup -Id nightly_1 -Collection products -Wait -Force -ErrorAction SilentlyContinue -ErrorVariable refused -WarningAction SilentlyContinue

        $refused[0].FullyQualifiedErrorId | Should -BeLike 'DestinationCollectionExists,*'
        $refused[0].Exception.Message | Should -BeLike '*-Suffix*-DestinationCollectionName*-DropExisting*'
        $refused[0].TargetObject | Should -Be 'nightly_1'
    }

    It 'reports a restore the server forgot as RestoreOutcomeUnknown, never Succeeded' {
        Set-MilvusSetting -RestoreDurationMs 600000
        $job = Restore-ClusterBackup -Id nightly_1 -Suffix _r -Force
        $null = Invoke-EmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/milvus-backup/restart'

        $result = $job | Wait-ClusterBackupJob -TimeoutSec 30 -ErrorAction SilentlyContinue -ErrorVariable lost

        $lost[0].FullyQualifiedErrorId | Should -BeLike 'RestoreOutcomeUnknown,*'
        $result | Should -BeNullOrEmpty
    }

    It 'says NotSupported for the Zilliz Cloud parameters, the policy and export' {
        Restore-ClusterBackup -Id nightly_1 -NewClusterName copy -CuSize 1 -Force -ErrorAction SilentlyContinue -ErrorVariable newCluster
        Get-ClusterBackupPolicy -ErrorAction SilentlyContinue -ErrorVariable policy
        Export-ClusterBackup -Id nightly_1 -IntegrationId integ-1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable export

        foreach ($errorRecord in @($newCluster[0], $policy[0], $export[0])) {
            $errorRecord.FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        }
        @(Get-MilvusMutation).Count | Should -Be 0
    }
}

Describe 'Remove-ClusterBackup on milvus-backup' {
    BeforeEach {
        Reset-Milvus
        $null = New-ClusterBackup -Label old_1 -Wait -TimeoutSec 60
    }

    It 'deletes by name with -Force, and a missing backup is BackupNotFound' {
        Get-ClusterBackup -Label old_* | Remove-ClusterBackup -Force
        @(Get-ClusterBackup -Label old_*).Count | Should -Be 0

        Remove-ClusterBackup -Id old_1 -Force -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'BackupNotFound,*'
    }
}
