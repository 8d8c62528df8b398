# Pester 5: the cmdlets against the emulated DC/OS backup service, over real loopback HTTP.
# Needs the Release build: ./build.ps1 -Task Build (it lays out out/BackupModule and builds the emulator).
# No assertion depends on a sleep: waits end on the emulator's state, and timeouts use -TimeoutSec
# against a backup that takes ten minutes.

BeforeAll {
    # Every unexpected error fails the test; expected ones are asked for with -ErrorAction.
    $ErrorActionPreference = 'Stop'

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    Import-Module (Get-ModuleManifestPath) -Force

    # The suites decide when the environment fallback is in play.
    $savedDcosUrl = $env:DCOS_URL
    $savedDcosToken = $env:DCOS_ACS_TOKEN
    Remove-Item -Path 'Env:DCOS_URL', 'Env:DCOS_ACS_TOKEN' -ErrorAction SilentlyContinue

    $emulator = Start-TestEmulator -BackupDelayMs 500 -RestoreDelayMs 500
    $uri = $emulator.Uri
    $tokenText = 'dcos-emulator-token'
    $token = ConvertTo-SecureString $tokenText -AsPlainText -Force
    $noPermissionToken = ConvertTo-SecureString 'dcos-emulator-noperm' -AsPlainText -Force

    function Connect-Emulator {
        Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -ErrorAction Stop
    }

    function Clear-DcosEnvironment {
        Remove-Item -Path 'Env:DCOS_URL', 'Env:DCOS_ACS_TOKEN' -ErrorAction SilentlyContinue
    }
}

AfterAll {
    Disconnect-ClusterBackupService -ErrorAction SilentlyContinue
    if ($null -ne $emulator) {
        Stop-TestEmulator -Emulator $emulator
    }
    if ($null -ne $savedDcosUrl) { $env:DCOS_URL = $savedDcosUrl } else { Remove-Item Env:DCOS_URL -ErrorAction SilentlyContinue }
    if ($null -ne $savedDcosToken) { $env:DCOS_ACS_TOKEN = $savedDcosToken } else { Remove-Item Env:DCOS_ACS_TOKEN -ErrorAction SilentlyContinue }
    Get-Module BackupModule | Remove-Module -Force
    Get-Module TestHelpers | Remove-Module -Force
}

Describe 'Connect-ClusterBackupService' {
    BeforeEach {
        Reset-Emulator -Emulator $emulator
    }

    AfterEach {
        Clear-DcosEnvironment
        Connect-Emulator
    }

    It 'connects, checks with one read-only request and becomes the session default' {
        $connection = Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -PassThru
        $connection.Backend | Should -Be 'DcosBackup'
        $connection.IsDefault | Should -BeTrue
        $connection.Uri.GetLeftPart([System.UriPartial]::Authority) | Should -Be $uri

        $audit = @(Get-EmulatorAudit -Emulator $emulator)
        $audit.Count | Should -Be 1
        $audit[0].method | Should -Be 'GET'
        $audit[0].path | Should -Be '/system/v1/backup/v1/list'
        $audit[0].credential | Should -Be 'valid'
    }

    It 'never shows the token on the connection object' {
        $connection = Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -PassThru
        ($connection | Format-List -Property * | Out-String) | Should -Not -Match $tokenText
        ($connection | Format-Table | Out-String) | Should -Not -Match $tokenText
    }

    It 'refuses a token over plain http to a non-loopback host without -AllowUnencryptedAuthentication' {
        $err = Get-CapturedError { Connect-ClusterBackupService -Dcos -Uri 'http://dcos-master.example.invalid' -Token $token -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthentication*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-EmulatorAudit -Emulator $emulator).Count | Should -Be 0
    }

    It 'connects from DCOS_URL and DCOS_ACS_TOKEN when given no parameters' {
        Disconnect-ClusterBackupService
        $env:DCOS_URL = $uri
        $env:DCOS_ACS_TOKEN = $tokenText
        $connection = Connect-ClusterBackupService -PassThru
        $connection.Uri.GetLeftPart([System.UriPartial]::Authority) | Should -Be $uri
        $connection.IsDefault | Should -BeTrue
    }

    It 'lets the other cmdlets fall back to DCOS_URL and DCOS_ACS_TOKEN without a connection' {
        Disconnect-ClusterBackupService
        $env:DCOS_URL = $uri
        $env:DCOS_ACS_TOKEN = $tokenText
        $null = Get-ClusterBackup
        $reads = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.method -eq 'GET' -and $_.credential -eq 'valid' })
        $reads.Count | Should -BeGreaterThan 0
    }

    It 'reports NotConnected with neither a connection nor the environment variables' {
        Disconnect-ClusterBackupService
        Clear-DcosEnvironment
        $err = Get-CapturedError { Get-ClusterBackup -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'maps 401 (unknown token) to Unauthorized' {
        $bad = ConvertTo-SecureString 'not-a-valid-token' -AsPlainText -Force
        $err = Get-CapturedError { Connect-ClusterBackupService -Dcos -Uri $uri -Token $bad -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'Unauthorized*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'maps 403 (token without the backup permission) to Forbidden' {
        $err = Get-CapturedError { Connect-ClusterBackupService -Dcos -Uri $uri -Token $noPermissionToken -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'Forbidden*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
    }
}

Describe 'A backup made with New-ClusterBackup -Wait' {
    BeforeAll {
        Reset-Emulator -Emulator $emulator
        Connect-Emulator
        $backup = New-ClusterBackup -Label 'pester-a' -Wait
        $other = New-ClusterBackup -Label 'other-b' -Wait
    }

    It 'is Ready, with its label, id, time, version and components' {
        $backup | Should -BeOfType ([BackupModule.Model.ClusterBackup])
        $backup.Status | Should -Be 'Ready'
        $backup.RawStatus | Should -Be 'STATUS_READY'
        $backup.Label | Should -Be 'pester-a'
        $backup.Id | Should -BeLike 'pester-a-*'
        $backup.Backend | Should -Be 'DcosBackup'
        $backup.CreatedAt | Should -Not -BeNullOrEmpty
        $backup.SourceVersion | Should -Not -BeNullOrEmpty
        @($backup.Items | ForEach-Object { $_.Name }) | Should -Contain 'marathon'
        $backup.Connection | Should -Not -BeNullOrEmpty
    }

    It 'is found by -Id' {
        $found = @(Get-ClusterBackup -Id $backup.Id)
        $found.Count | Should -Be 1
        $found[0].Id | Should -Be $backup.Id
        $found[0].Status | Should -Be 'Ready'
    }

    It 'is found by -Id bound from the pipeline' {
        $found = @($backup | Get-ClusterBackup)
        $found.Count | Should -Be 1
        $found[0].Id | Should -Be $backup.Id
    }

    It 'is found by a -Label wildcard, case-insensitively' {
        @(Get-ClusterBackup -Label 'pester-*' | ForEach-Object { $_.Id }) | Should -Be @($backup.Id)
        @(Get-ClusterBackup -Label 'PESTER-*' | ForEach-Object { $_.Id }) | Should -Be @($backup.Id)
        @(Get-ClusterBackup).Count | Should -Be 2
        @(Get-ClusterBackup -Label 'nothing-*').Count | Should -Be 0
    }

    It 'is filtered by -Status' {
        @(Get-ClusterBackup -Status Ready).Count | Should -Be 2
        @(Get-ClusterBackup -Status 'Failed', 'Creating').Count | Should -Be 0
    }

    It 'restores through Get-ClusterBackup | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait' {
        $jobs = @(Get-ClusterBackup | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait -Confirm:$false)
        $jobs.Count | Should -Be 2
        foreach ($job in $jobs) {
            $job | Should -BeOfType ([BackupModule.Model.ClusterBackupJob])
            $job.Kind | Should -Be 'Restore'
            $job.Status | Should -Be 'Succeeded'
            $job.Id | Should -Not -BeNullOrEmpty
        }
        @($jobs | ForEach-Object { $_.BackupId } | Sort-Object) | Should -Be @(@($backup.Id, $other.Id) | Sort-Object)
        @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/system/v1/backup/v1/restore' }).Count | Should -Be 2
    }

    It 'shows the restore with Get-ClusterBackupJob, and Wait-ClusterBackupJob takes it from the pipeline' {
        $jobs = @(Get-ClusterBackupJob -BackupId $backup.Id)
        $jobs.Count | Should -Be 1
        $jobs[0].Kind | Should -Be 'Restore'
        $jobs[0].Status | Should -Be 'Succeeded'
        $jobs[0].BackupId | Should -Be $backup.Id

        $waited = @($jobs[0] | Wait-ClusterBackupJob -TimeoutSec 30)
        $waited.Count | Should -Be 1
        $waited[0].Status | Should -Be 'Succeeded'

        @((Get-ClusterBackup -Id $backup.Id).Restores).Count | Should -Be 1
    }

    It 'takes backups from Get-ClusterBackup by value' {
        $jobs = @(Get-ClusterBackup -Id $backup.Id | Get-ClusterBackupJob)
        $jobs.Count | Should -Be 1
        $jobs[0].BackupId | Should -Be $backup.Id
        $jobs[0].Kind | Should -Be 'Restore'
    }

    It 'reports JobNotFound for an unknown job id' {
        $result = Get-ClusterBackupJob -BackupId $backup.Id -Id 'restore-does-not-exist' -ErrorAction SilentlyContinue -ErrorVariable err
        $result | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound*'
    }

    It 'is deleted by Remove-ClusterBackup -Force, with the id in a JSON body, and then not found' {
        Remove-ClusterBackup -Id $backup.Id -Force

        $delete = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.method -eq 'DELETE' })
        $delete.Count | Should -Be 1
        $delete[0].path | Should -Be '/system/v1/backup/v1/delete'
        $delete[0].requestBody | Should -Match ([regex]::Escape($backup.Id))

        $result = Get-ClusterBackup -Id $backup.Id -ErrorAction SilentlyContinue -ErrorVariable err
        $result | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $backup.Id
    }

    It 'removes what comes down the pipeline' {
        Get-ClusterBackup -Label 'other-*' | Remove-ClusterBackup -Force
        @(Get-ClusterBackup).Count | Should -Be 0
    }
}

Describe '-WhatIf' {
    BeforeAll {
        Reset-Emulator -Emulator $emulator
        Connect-Emulator
        $backup = New-ClusterBackup -Label 'pester-whatif' -Wait
    }

    It 'sends no POST or DELETE for New, Restore or Remove' {
        Clear-EmulatorAudit -Emulator $emulator

        New-ClusterBackup -Label 'pester-new' -WhatIf
        Restore-ClusterBackup -Id $backup.Id -WhatIf
        Remove-ClusterBackup -Id $backup.Id -WhatIf
        $backup | Remove-ClusterBackup -Force -WhatIf

        @(Get-EmulatorMutation -Emulator $emulator).Count | Should -Be 0
        @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.method -eq 'GET' }).Count | Should -BeGreaterThan 0
        (Get-ClusterBackup -Id $backup.Id).Status | Should -Be 'Ready'
        @(Get-ClusterBackup).Count | Should -Be 1
    }
}

Describe 'Label validation' {
    BeforeAll {
        Reset-Emulator -Emulator $emulator
        Connect-Emulator
    }

    It 'rejects <Label> with InvalidLabel before any request' -ForEach @(
        @{ Label = 'ab' }
        @{ Label = '..ab' }
        @{ Label = 'a.b' }
        @{ Label = '-ab' }
        @{ Label = 'bad label' }
        @{ Label = 'bad/label' }
        @{ Label = 'a23456789012345678901234567890' }
    ) {
        Clear-EmulatorAudit -Emulator $emulator
        $err = Get-CapturedError { New-ClusterBackup -Label $Label -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidLabel*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Label
        @(Get-EmulatorAudit -Emulator $emulator).Count | Should -Be 0
    }
}

Describe 'Waiting and service errors' {
    BeforeEach {
        Reset-Emulator -Emulator $emulator
        Connect-Emulator
    }

    It 'reports a backup that ends in STATUS_ERROR as OperationFailed, with the service text' {
        Set-EmulatorFailNext -Emulator $emulator -Backup 'disk full on master-1'
        $out = New-ClusterBackup -Label 'pester-fail' -Wait -ErrorAction SilentlyContinue -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OperationFailed*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $err[0].Exception.Message | Should -Match 'disk full on master-1'
        (Get-ClusterBackup -Label 'pester-fail').Status | Should -Be 'Failed'
    }

    It 'reports a restore that ends in STATUS_ERROR as OperationFailed' {
        $backup = New-ClusterBackup -Label 'pester-rf' -Wait
        Set-EmulatorFailNext -Emulator $emulator -Restore 'marathon did not come back'
        $out = $backup | Restore-ClusterBackup -Wait -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OperationFailed*'
        $err[0].Exception.Message | Should -Match 'marathon did not come back'
    }

    It 'ends -Wait at -TimeoutSec with a non-terminating WaitTimedOut and the last-known object' {
        Set-EmulatorDcosSetting -Emulator $emulator -BackupDurationMs 600000
        $out = @(New-ClusterBackup -Label 'pester-slow' -Wait -TimeoutSec 1 -ErrorAction SilentlyContinue -ErrorVariable err)
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $out.Count | Should -Be 1
        $out[0].Label | Should -Be 'pester-slow'
        $out[0].Status | Should -Be 'Creating'
        $err[0].TargetObject | Should -Be $out[0].Id
    }

    It 'maps "lock is already held" to BackupServiceBusy and does not resend the create' {
        Set-EmulatorDcosSetting -Emulator $emulator -BackupDurationMs 600000
        $first = New-ClusterBackup -Label 'pester-busy1'
        $first.Status | Should -Be 'Creating'

        $second = New-ClusterBackup -Label 'pester-busy2' -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
        $second | Should -BeNullOrEmpty
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'BackupServiceBusy*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $err[0].TargetObject | Should -Be 'pester-busy2'

        @(Get-EmulatorMutation -Emulator $emulator).Count | Should -Be 2
    }

    It 'retries a read answered 503 with Retry-After' {
        Add-EmulatorFault -Emulator $emulator -Method GET -PathPrefix '/system/v1/backup/v1/list' -StatusCode 503 -RetryAfterSeconds 0 -Times 1
        Clear-EmulatorAudit -Emulator $emulator
        $null = Get-ClusterBackup
        $lists = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -eq '/system/v1/backup/v1/list' })
        $lists.Count | Should -Be 2
        $lists[0].statusCode | Should -Be 503
        $lists[1].statusCode | Should -Be 200
    }
}

Describe 'Secrets' {
    BeforeEach {
        Reset-Emulator -Emulator $emulator
    }

    AfterEach {
        Disconnect-ClusterBackupService
        Clear-DcosEnvironment
        Connect-Emulator
    }

    It 'never writes the token to the verbose or debug streams' {
        $records = & {
            $DebugPreference = 'Continue'
            Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -Verbose
            New-ClusterBackup -Label 'pester-verbose' -Wait -Verbose
            Get-ClusterBackup -Verbose | Remove-ClusterBackup -Force -Verbose
        } 4>&1 5>&1
        $text = $records | Out-String
        $text | Should -Match 'GET'
        $text | Should -Match 'list'
        $text | Should -Not -Match $tokenText
    }

    It 'never puts a canary token into error records or verbose output' {
        $canary = 'canary-7d1e55b0-secret'
        $canaryToken = ConvertTo-SecureString $canary -AsPlainText -Force

        $records = @(& {
                $DebugPreference = 'Continue'
                try {
                    Connect-ClusterBackupService -Dcos -Uri $uri -Token $canaryToken -Verbose -ErrorAction Stop
                }
                catch {
                    $_
                }
            } 4>&1 5>&1)
        $err = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err.Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Unauthorized*'

        # The environment route: the default connection comes from DCOS_ACS_TOKEN.
        Disconnect-ClusterBackupService
        $env:DCOS_URL = $uri
        $env:DCOS_ACS_TOKEN = $canary
        $more = @(& {
                $DebugPreference = 'Continue'
                Get-ClusterBackup -Verbose -ErrorAction SilentlyContinue -ErrorVariable envErr
                $envErr
            } 4>&1 5>&1)
        @($more | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 0

        foreach ($record in @($records) + @($more)) {
            ($record | Out-String) | Should -Not -Match $canary
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                ($record | Format-List -Property * -Force | Out-String) | Should -Not -Match $canary
                $record.Exception.ToString() | Should -Not -Match $canary
                "$($record.TargetObject)" | Should -Not -Match $canary
            }
        }
    }
}

Describe 'Logging in with -Credential' {
    BeforeEach {
        Reset-Emulator -Emulator $emulator
    }

    AfterEach {
        Connect-Emulator
    }

    It 'logs in at connect and again once after the issued token expires' {
        # The emulator's IAM has the DC/OS docs' default superuser.
        $credential = New-Object System.Management.Automation.PSCredential ('bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force))
        Connect-ClusterBackupService -Dcos -Uri $uri -Credential $credential
        $null = New-ClusterBackup -Label renewal -Wait -TimeoutSec 60
        $logins = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -eq '/acs/api/v1/auth/login' })
        $logins.Count | Should -Be 1
        $logins[0].requestBody | Should -Not -Match 'deleteme'

        Clear-EmulatorAudit -Emulator $emulator
        $null = Invoke-EmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/dcos/expire-tokens'
        $backups = @(Get-ClusterBackup -Label renewal)

        $backups.Count | Should -Be 1
        $calls = @(Get-EmulatorAudit -Emulator $emulator | ForEach-Object { '{0} {1} {2}' -f $_.method, $_.path, $_.statusCode })
        $calls | Should -Be @(
            'GET /system/v1/backup/v1/list 401',
            'POST /acs/api/v1/auth/login 200',
            'GET /system/v1/backup/v1/list 200')
    }

    It 'fails the connect with AuthenticationFailed on a wrong password' {
        $credential = New-Object System.Management.Automation.PSCredential ('bootstrapuser', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        $err = Get-CapturedError { Connect-ClusterBackupService -Dcos -Uri $uri -Credential $credential }
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        "$($err.TargetObject)" | Should -Be "$uri/"
    }
}
