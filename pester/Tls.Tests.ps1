# Pester 5: TLS and proxies per connection, against the emulator process serving https with the CA it makes
# at start (its PEM written where this suite reads it). Needs the Release build: ./build.ps1 -Task Build.

BeforeAll {
    $ErrorActionPreference = 'Stop'

    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Get-Module BackupModule | Remove-Module -Force
    $manifest = Get-ModuleManifestPath
    Import-Module $manifest -Force

    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('backupmodule-tls-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $folder
    $caPath = Join-Path $folder 'cluster-ca.pem'
    $emulator = Start-TestEmulator -Url 'https://127.0.0.1:0' -CertificateAuthorityOut $caPath -ArgumentList @('--dcos-seed-backups', '2')
    $uri = $emulator.Uri
    $token = ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force

    function New-OtherCaBundle {
        # A CA that issued nothing the emulator serves; PEM written by hand, as Windows PowerShell's .NET has no PEM export.
        param([string] $Path)
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
            'CN=Some Other CA', $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $ca = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(1))
        $base64 = [Convert]::ToBase64String($ca.RawData, [Base64FormattingOptions]::InsertLineBreaks)
        Set-Content -LiteralPath $Path -Value "-----BEGIN CERTIFICATE-----`n$base64`n-----END CERTIFICATE-----" -Encoding Ascii
        $Path
    }
}

AfterAll {
    Disconnect-ClusterBackupService -ErrorAction SilentlyContinue
    if ($null -ne $emulator) {
        Stop-TestEmulator -Emulator $emulator
    }
    if ($null -ne $folder) {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
    Get-Module BackupModule | Remove-Module -Force
    Get-Module TestHelpers | Remove-Module -Force
}

Describe 'Connect-ClusterBackupService over https' {
    It 'serves https and writes its CA where it was told' {
        $uri | Should -BeLike 'https://127.0.0.1:*'
        $emulator.CertificateAuthorityPath | Should -Be ([System.IO.Path]::GetFullPath($caPath))
        Get-Content -LiteralPath $caPath -Raw | Should -Match '-----BEGIN CERTIFICATE-----'
    }

    It 'trusts the cluster with its CA bundle' {
        $connection = Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath $caPath -PassThru
        $connection.Uri.Scheme | Should -Be 'https'
        @(Get-ClusterBackup -Connection $connection).Count | Should -Be 2
    }

    It 'refuses a certificate that is not from the CA in the bundle, and says so' {
        $wrong = New-OtherCaBundle -Path (Join-Path $folder 'other-ca.pem')
        $thrown = $null
        try {
            Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath $wrong
        }
        catch {
            $thrown = $_
        }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -Be 'CertificateNotTrusted,BackupModule.Commands.ConnectClusterBackupServiceCommand'
        $thrown.CategoryInfo.Category | Should -Be 'SecurityError'
        $thrown.TargetObject | Should -Be "$uri/"
        $thrown.Exception.Message | Should -BeLike "The certificate of $uri/ (CN=BackupModule Emulator, issuer CN=BackupModule Emulator CA *) is not trusted: its chain ends at CN=BackupModule Emulator CA *, which is not in $wrong (*)*"
    }
}

Describe 'The system proxy by default, in a child pwsh' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    # .NET reads HTTP(S)_PROXY once per process, so each case runs in a child pwsh whose environment names the
    # test proxy. Windows PowerShell's .NET Framework ignores these variables (its system proxy is the Windows
    # setting), hence pwsh only.
    BeforeAll {
        $proxySource = Join-Path (Join-Path (Join-Path (Join-Path (Get-RepoRoot) 'tests') 'BackupModule.Tests') 'Integration') 'LoopbackForwardProxy.cs'
        if (-not ('BackupModule.Tests.Integration.LoopbackForwardProxy' -as [type])) {
            Add-Type -LiteralPath $proxySource
        }
        $proxy = [BackupModule.Tests.Integration.LoopbackForwardProxy]::new([System.Net.NetworkCredential] $null)
        $child = Join-Path $folder 'child.ps1'
        Set-Content -LiteralPath $child -Encoding UTF8 -Value @'
param([string] $Manifest, [string] $Uri, [string] $CaPath, [switch] $NoProxy)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$token = ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force
Connect-ClusterBackupService -Dcos -Uri $Uri -Token $token -CertificateAuthorityPath $CaPath -NoProxy:$NoProxy
"backups: $(@(Get-ClusterBackup).Count)"
'@

        Import-Module (Join-Path (Join-Path (Get-RepoRoot) 'tools') 'ChildPwsh.psm1') -Force
        function Invoke-Child {
            param([switch] $NoProxy)
            $arguments = @('-Manifest', $manifest, '-Uri', $uri, '-CaPath', $caPath)
            if ($NoProxy) { $arguments += '-NoProxy' }
            Invoke-ChildPwsh -File $child -ArgumentList $arguments `
                -RemoveEnvironment 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy' `
                -Environment @{ HTTPS_PROXY = $proxy.Uri.AbsoluteUri; HTTP_PROXY = $proxy.Uri.AbsoluteUri }
        }
    }

    AfterAll {
        if ($null -ne $proxy) { $proxy.Dispose() }
    }

    It 'goes through HTTPS_PROXY when no proxy parameter is given' {
        $before = $proxy.Requests.Count
        $result = Invoke-Child
        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'backups: 2'
        $authority = ([uri] $uri).Authority
        @($proxy.Requests | Select-Object -Skip $before | Where-Object { $_ -eq "CONNECT $authority 200" }).Count | Should -BeGreaterThan 0
    }

    It 'does not touch the proxy with -NoProxy' {
        $before = $proxy.Requests.Count
        $result = Invoke-Child -NoProxy
        $result.Errors | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match 'backups: 2'
        $proxy.Requests.Count | Should -Be $before
    }
}
