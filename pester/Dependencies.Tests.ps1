# Pester 5: where the module's one dependency (System.Text.Json and its netstandard helpers) loads from.
# On PowerShell 7 the runtime's own System.Text.Json (8.0 on 7.4, 10.0 on 7.6) serves the module's
# reference to 8.0 and the copy in the module folder is never loaded: that is why no AssemblyLoadContext
# isolation is needed. On Windows PowerShell 5.1 nothing ships it, so the module folder's copy loads,
# through ModuleAssemblyResolver. This file is what the workflow's 5.1 leg proves on Windows.
# Each case runs in a child process of the same host, so assemblies loaded by other suites do not count.

BeforeAll {
    $ErrorActionPreference = 'Stop'
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-ModuleManifestPath
    $moduleFolder = Split-Path -Parent $manifestPath
    Import-Module (Join-Path (Join-Path (Get-RepoRoot) 'tools') 'ChildPwsh.psm1') -Force
    $engine = Get-PwshCommand
    $emulator = Start-TestEmulator

    function Invoke-ChildHost {
        <# Imports the module in a fresh process of this host, lists backups on the emulator, and returns the loaded assemblies (stderr stays on the console: on 5.1, 2>&1 under ErrorAction Stop would throw on any line). #>
        $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$manifestPath'
Connect-ClusterBackupService -Dcos -Uri '$($emulator.Uri)' -Token (ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force)
New-ClusterBackup -Label dependency-check -Wait -Confirm:`$false | Out-Null
`$listed = @(Get-ClusterBackup).Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not `$_.IsDynamic -and `$_.Location } |
    ForEach-Object { [pscustomobject]@{ Name = `$_.GetName().Name; Version = `$_.GetName().Version.ToString(); Location = `$_.Location; Listed = `$listed } } |
    ConvertTo-Json -Compress
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $engineArguments = @($engine.Arguments)
        $output = & $engine.FilePath @engineArguments -NoProfile -NonInteractive -EncodedCommand $encoded
        if ($LASTEXITCODE -ne 0) { throw "The child host failed ($LASTEXITCODE): $output" }
        # 5.1's ConvertFrom-Json writes an array as one object: enumerate it so both editions return items.
        $parsed = ($output | Out-String) | ConvertFrom-Json
        foreach ($assembly in $parsed) { $assembly }
    }
}

AfterAll {
    if ($null -ne $emulator) { Stop-TestEmulator -Emulator $emulator }
}

Describe 'System.Text.Json' {
    It 'ships pinned to 8.0 in the module folder' {
        $shipped = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleFolder 'System.Text.Json.dll'))
        $shipped.Version | Should -Be ([version]'8.0.0.0')
    }

    It 'loads from the right place for this edition, and the module works' {
        $assemblies = @(Invoke-ChildHost)
        @($assemblies | Where-Object Name -eq 'BackupModule.Core').Count | Should -Be 1
        $assemblies[0].Listed | Should -BeGreaterThan 0
        $json = @($assemblies | Where-Object Name -eq 'System.Text.Json')
        $json.Count | Should -Be 1
        $fromModuleFolder = $json[0].Location.StartsWith($moduleFolder, [StringComparison]::OrdinalIgnoreCase)
        if ($PSVersionTable.PSEdition -eq 'Core') {
            # The runtime's copy wins; the module's copy would be a second System.Text.Json in the process.
            $fromModuleFolder | Should -BeFalse
            [version]$json[0].Version | Should -BeGreaterOrEqual ([version]'8.0.0.0')
            @($assemblies | Where-Object { $_.Location.StartsWith($moduleFolder, [StringComparison]::OrdinalIgnoreCase) } | ForEach-Object Name | Sort-Object) |
                Should -Be @('BackupModule', 'BackupModule.Core')
        }
        else {
            $fromModuleFolder | Should -BeTrue
            $json[0].Version | Should -Be '8.0.0.0'
        }
    }
}
