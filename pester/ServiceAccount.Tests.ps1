# Pester 5: a DC/OS service-account login (RS256 login token signed with the account's key) against the
# emulator process, with both key formats, a relative -PrivateKeyPath, and renewal after the token expires.
# On the workflow's Windows PowerShell 5.1 leg this is where the PEM parsing and the signing run on .NET Framework.

BeforeAll {
    $ErrorActionPreference = 'Stop'
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    Import-Module (Get-ModuleManifestPath) -Force

    $fixtures = Join-Path $PSScriptRoot 'Fixtures'
    $publicKey = Join-Path $fixtures 'test-service-account.public.pem'
    $emulator = Start-TestEmulator -ArgumentList @('--dcos-service-account', "backup-svc:$publicKey")
    $uri = $emulator.Uri
    $loginPath = '/acs/api/v1/auth/login'
}

AfterAll {
    Disconnect-ClusterBackupService -Name * -ErrorAction SilentlyContinue
    if ($null -ne $emulator) { Stop-TestEmulator -Emulator $emulator }
}

Describe 'Connect-ClusterBackupService -ServiceAccount' {
    BeforeEach {
        Reset-Emulator -Emulator $emulator
    }

    It 'logs in with a <Format> key given by a path relative to the PowerShell location, and renews after expiry' -ForEach @(
        @{ Format = 'PKCS#8'; File = 'test-service-account.pkcs8.pem' }
        @{ Format = 'PKCS#1'; File = 'test-service-account.pkcs1.pem' }
    ) {
        Push-Location -LiteralPath $fixtures
        try {
            $connection = Connect-ClusterBackupService -Name svc -Dcos -Uri $uri -ServiceAccount backup-svc -PrivateKeyPath $File -PassThru
        }
        finally {
            Pop-Location
        }
        $connection.Authentication | Should -Be 'ServiceAccount backup-svc'
        $logins = @(Get-EmulatorAudit -Emulator $emulator | Where-Object { $_.path -eq $loginPath })
        $logins.Count | Should -Be 1
        $logins[0].statusCode | Should -Be 200
        # The signed login token is masked in the audit, and the module sent uid + token, not a password.
        $logins[0].requestBody | Should -Match '"uid":"backup-svc"'
        $logins[0].requestBody | Should -Not -Match 'password'

        $null = New-ClusterBackup -Connection svc -Label by-service-account -Wait -TimeoutSec 60
        Clear-EmulatorAudit -Emulator $emulator
        $null = Invoke-EmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/dcos/expire-tokens'

        @(Get-ClusterBackup -Connection svc -Label by-service-account).Count | Should -Be 1
        @(Get-EmulatorAudit -Emulator $emulator | ForEach-Object { '{0} {1} {2}' -f $_.method, $_.path, $_.statusCode }) | Should -Be @(
            'GET /system/v1/backup/v1/list 401',
            "POST $loginPath 200",
            'GET /system/v1/backup/v1/list 200')
    }

    It 'is refused with AuthenticationFailed when the key is not the account''s' {
        # A service account the IAM does not know (or a key that is not its own) is refused at connect.
        $err = Get-CapturedError { Connect-ClusterBackupService -Dcos -Uri $uri -ServiceAccount someone-else -PrivateKeyPath (Join-Path $fixtures 'test-service-account.pkcs8.pem') }
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        "$($err.TargetObject)" | Should -Be "$uri/"
    }
}
