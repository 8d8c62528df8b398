# Pester 5: named connections against one emulator process that serves both back ends: DC/OS as 'ops',
# Zilliz Cloud as 'vectors'. Get-ClusterBackupService lists them (no secret), -Connection takes a name,
# 'Get-ClusterBackupService | Get-ClusterBackup' lists both back ends' backups, Disconnect -Name drops one.
# Needs the Release build: ./build.ps1 -Task Build.

BeforeAll {
    $ErrorActionPreference = 'Stop'

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $emulator = Start-TestEmulator -BackupDelayMs 0 -RestoreDelayMs 0
    $tokenText = 'dcos-emulator-token'
    $apiKeyText = 'zilliz-emulator-key'
    $token = ConvertTo-SecureString $tokenText -AsPlainText -Force
    $apiKey = ConvertTo-SecureString $apiKeyText -AsPlainText -Force

    function Connect-Both {
        # The registry is one per process: start from none.
        Disconnect-ClusterBackupService -Name *
        Connect-ClusterBackupService -Name ops -Dcos -Uri $emulator.Uri -Token $token
        Connect-ClusterBackupService -Name vectors -ZillizCloud -Uri $emulator.Uri -ApiKey $apiKey -ClusterId 'in01-emulator' -ProjectId 'proj-emulator'
    }
}

AfterAll {
    Disconnect-ClusterBackupService -Name * -ErrorAction SilentlyContinue
    if ($null -ne $emulator) {
        Stop-TestEmulator -Emulator $emulator
    }
}

Describe 'Named connections' {
    BeforeAll {
        Reset-Emulator -Emulator $emulator -BackupDurationMs 0 -RestoreDurationMs 0
        Connect-Both
        $dcosBackup = New-ClusterBackup -Connection ops -Label named-ops -Wait -TimeoutSec 60
        $zillizBackup = New-ClusterBackup -Connection vectors -Wait -TimeoutSec 60
    }

    BeforeEach {
        Connect-Both
        Clear-EmulatorAudit -Emulator $emulator
    }

    It 'lists both connections by name, the last one the default, and shows no secret' {
        $all = @(Get-ClusterBackupService)

        @($all.Name) | Should -Be @('ops', 'vectors')
        @($all | ForEach-Object { [string]$_.Backend }) | Should -Be @('DcosBackup', 'ZillizCloud')
        @($all.IsDefault) | Should -Be @($false, $true)
        $text = ($all | Format-List * -Force | Out-String -Width 300) + ($all | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
        $text | Should -Match 'vectors'
        $text | Should -Not -Match ([regex]::Escape($tokenText))
        $text | Should -Not -Match ([regex]::Escape($apiKeyText))
    }

    It 'reaches the back end a name stands for' {
        @(Get-ClusterBackup -Connection OPS).Id | Should -Contain $dcosBackup.Id
        @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -like '/v2/*' }).Count | Should -Be 0

        @(Get-ClusterBackup -Connection vectors).Id | Should -Contain $zillizBackup.Id
        @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -like '/v2/backups*' }).Count | Should -BeGreaterThan 0
    }

    It 'lists the backups of every connection in one pipeline, each with its own connection' {
        $backups = @(Get-ClusterBackupService | Get-ClusterBackup)

        ($backups | Where-Object Id -eq $dcosBackup.Id).Connection.Name | Should -Be 'ops'
        ($backups | Where-Object Id -eq $zillizBackup.Id).Connection.Name | Should -Be 'vectors'
        @($backups | ForEach-Object { [string]$_.Backend } | Sort-Object -Unique) | Should -Be @('DcosBackup', 'ZillizCloud')
    }

    It 'fails on an unknown name with ConnectionNotFound, naming Get-ClusterBackupService' {
        $caught = $null
        try { Get-ClusterBackup -Connection nope } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.Message | Should -Match 'ConnectionNotFound'
        $caught.Exception.Message | Should -Match 'Get-ClusterBackupService'
        @(Get-EmulatorAudit -Emulator $emulator).Count | Should -Be 0

        Get-ClusterBackupService -Name nope -ErrorAction SilentlyContinue -ErrorVariable listed
        $listed[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound,*'
        $listed[0].TargetObject | Should -Be 'nope'
    }

    It 'drops a connection with Disconnect-ClusterBackupService -Name and forgets the default without promoting another' {
        Disconnect-ClusterBackupService -Name ops
        @(Get-ClusterBackupService).Name | Should -Be @('vectors')

        Disconnect-ClusterBackupService
        @(Get-ClusterBackupService).Count | Should -Be 0
        Get-ClusterBackupService -Default | Should -BeNullOrEmpty
    }
}
