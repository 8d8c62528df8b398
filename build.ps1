<#
.SYNOPSIS
    Builds, tests, packages and demonstrates BackupModule.

.DESCRIPTION
    Tasks:
      Build    (default) dotnet build BackupModule.sln -c Release; lays the module out in out/BackupModule/
               and packs it into out/package/ (Debug: out/Debug/BackupModule/ and out/Debug/package/).
      Test     Build, then dotnet test BackupModule.sln (the xunit tests, including the in-process
               engine tests in tests/BackupModule.EngineTests), then the Pester 5 suites in ./pester.
      Pester   Build, then only the Pester 5 suites (used by .ci/run after its own dotnet test). Pester
               5.5+ from the module path, else the pinned Pester package restored from NuGet
               (tools/PesterPackage: no Install-Module needed).
      Package  Build (which also packs out/package/BackupModule.<version>.nupkg, the PowerShell Gallery
               package: module files at the package root, nuspec tags PSModule, PSCmdlet_<name>, ...),
               checks the package, then zips out/BackupModule into out/package/BackupModule-<version>.zip.
               The version is <Version> in Directory.Build.props.
      InstallCheck Build, then proves the package as a user installs it (PowerShell 7): Test-ModuleManifest
               on the shipped manifest; Install-PSResource from a throwaway local repository into a
               throwaway module path; Import-Module BackupModule by name in a new process, and one
               cmdlet against the emulator. Leaves nothing behind.
      Demo     Build, starts the emulator on a free loopback port, imports the module and runs, against
               DC/OS: create -Wait, list, the pipeline restore -Wait and remove; then against Zilliz
               Cloud: a cluster backup -Wait, the pipeline collection restore -Wait, a restore into a
               new cluster (its Credential shown by type, user name and password length only), the
               backup policy and remove; then against a milvus-backup server: named backups -Wait, a
               label list, the BackupExists refusal, the pipeline restore -Suffix -Wait, -DropExisting
               -WhatIf, and remove. Fails on any error; always stops the emulator.
      Benchmark Build, then (a) the BenchmarkDotNet suite of the core (tests/BackupModule.Benchmarks:
               the module's list path against a raw HttpClient + System.Text.Json floor as the
               baseline, so Ratio and Alloc Ratio are the goals), short job; (b) tools/Benchmark.ps1 in
               this pwsh process: the module, Invoke-RestMethod -WebSession and the raw floor side by
               side against the emulator seeded with 10 and 10,000 backups, a table of medians and
               ratios. Results go to out/benchmarks/. Takes a few minutes; not part of CI.

    -NoBuild skips the dotnet build (the layout in out/BackupModule is still checked), for callers that
    have just built the same configuration, like .ci/run after its dotnet test.

    Needs the .NET SDK 10 on PATH. Runs on Windows PowerShell 5.1 and PowerShell 7.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'InstallCheck', 'Demo', 'Benchmark')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $NoBuild
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
# Where this configuration's build lays the module out and packs it (Directory.Build.targets): Release in
# out/, any other configuration in out/<Configuration>/, so a Debug build never replaces the Release module.
$ConfigurationDir = if ($Configuration -eq 'Release') { $OutDir } else { Join-Path $OutDir $Configuration }
$ModuleDir = Join-Path $ConfigurationDir 'BackupModule'
$PackageDir = Join-Path $ConfigurationDir 'package'
$Solution = Join-Path $RepoRoot 'BackupModule.sln'

# Quiet, reproducible dotnet CLI output.
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# The Pester helpers start the emulator from this configuration's build output.
$env:BACKUPMODULE_CONFIGURATION = $Configuration

function Write-Step {
    param([Parameter(Mandatory = $true)][string] $Text)
    Write-Host ''
    Write-Host "==> $Text" -ForegroundColor Cyan
}

function Invoke-Dotnet {
    param([Parameter(Mandatory = $true)][string[]] $Arguments)
    Write-Host ("dotnet " + ($Arguments -join ' ')) -ForegroundColor DarkGray
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Write-Step "Build ($Configuration)"
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET SDK 10 to build BackupModule.'
    }
    if ($NoBuild) {
        Write-Host 'Skipped (-NoBuild): checking the existing layout.'
    }
    else {
        Invoke-Dotnet -Arguments @('build', $Solution, '-c', $Configuration)
    }
    foreach ($file in @('BackupModule.psd1', 'BackupModule.dll', 'BackupModule.Core.dll', 'BackupModule.Format.ps1xml')) {
        if (-not (Test-Path -LiteralPath (Join-Path $ModuleDir $file))) {
            throw "The build did not lay out $file in $ModuleDir."
        }
    }
    if (Test-Path -LiteralPath (Join-Path $ModuleDir 'System.Management.Automation.dll')) {
        throw "System.Management.Automation.dll must not ship in $ModuleDir."
    }
    Write-Host "Module laid out in $ModuleDir"
}

function Find-Pester {
    <# The Pester 5.5+ manifest to use: the newest on the module path, else the pinned package restored from NuGet. #>
    $installed = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.5.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -ne $installed) {
        Write-Host "Pester $($installed.Version) from the module path: $($installed.Path)"
        return $installed.Path
    }

    # The package keeps the module under tools/; NuGetPackageRoot is the global packages folder restore used.
    $project = Join-Path (Join-Path (Join-Path $RepoRoot 'tools') 'PesterPackage') 'PesterPackage.csproj'
    Invoke-Dotnet -Arguments @('restore', $project, '-nologo', '-v', 'q')
    $json = & dotnet msbuild $project -nologo '-getProperty:NuGetPackageRoot' '-getProperty:PesterVersion'
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet msbuild could not read the Pester package's location from $project."
    }
    $properties = ($json | Out-String | ConvertFrom-Json).Properties
    $manifest = Join-Path (Join-Path (Join-Path (Join-Path $properties.NuGetPackageRoot 'pester') $properties.PesterVersion) 'tools') 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The restored Pester package has no $manifest."
    }
    Write-Host "Pester $($properties.PesterVersion) restored from NuGet: $manifest"
    $manifest
}

function Invoke-PesterSuites {
    Write-Step 'Pester suites (./pester)'
    $pester = Find-Pester
    # Windows PowerShell 5.1 ships Pester 3.4; make sure 5.x is the one in use.
    Get-Module -Name Pester | Remove-Module -Force
    Import-Module -Name $pester -Force

    $resultsDir = Join-Path $OutDir 'pester'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force

    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $RepoRoot 'pester'
    $config.Run.PassThru = $true
    $config.Run.Exit = $false
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $resultsDir 'results.xml'

    $result = Invoke-Pester -Configuration $config
    $passed = Get-ResultCount -Result $result -Name 'PassedCount'
    $failed = Get-ResultCount -Result $result -Name 'FailedCount'
    $skipped = (Get-ResultCount -Result $result -Name 'SkippedCount') + (Get-ResultCount -Result $result -Name 'NotRunCount')
    $failedBlocks = (Get-ResultCount -Result $result -Name 'FailedBlocksCount') + (Get-ResultCount -Result $result -Name 'FailedContainersCount')
    # One machine-readable line; .ci/run adds these counts to the xunit ones.
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
    if ($result.Result -ne 'Passed' -or $failed -gt 0 -or $failedBlocks -gt 0) {
        throw "Pester: $failed test(s) failed and $failedBlocks block(s) or file(s) could not run."
    }
}

function Get-ResultCount {
    # A count from Pester's result object, 0 when this Pester version does not have it.
    param($Result, [string] $Name)
    $property = $Result.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return 0 }
    [int]$property.Value
}

function Invoke-Test {
    Invoke-Build
    Write-Step 'dotnet test BackupModule.sln'
    Invoke-Dotnet -Arguments @('test', $Solution, '-c', $Configuration, '--no-build')
    Invoke-PesterSuites
}

function Invoke-Package {
    Invoke-Build
    Write-Step 'Package'
    $manifest = Import-PowerShellDataFile -Path (Join-Path $ModuleDir 'BackupModule.psd1')
    $version = $manifest.ModuleVersion

    # The build (ModuleLayout.targets) packs the layout into the Gallery .nupkg; check what it made.
    $nupkg = Join-Path $PackageDir ("BackupModule.{0}.nupkg" -f $version)
    if (-not (Test-Path -LiteralPath $nupkg)) {
        throw "The build did not make $nupkg."
    }
    Add-Type -AssemblyName System.IO.Compression
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $archive = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
    try {
        $names = @($archive.Entries | ForEach-Object { $_.FullName })
        foreach ($name in @('BackupModule.nuspec', 'BackupModule.psd1', 'BackupModule.dll', 'LICENSE', '[Content_Types].xml', '_rels/.rels')) {
            if ($names -notcontains $name) {
                throw "$nupkg has no $name."
            }
        }
        $reader = New-Object System.IO.StreamReader -ArgumentList $archive.GetEntry('BackupModule.nuspec').Open()
        try { [xml]$nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
    }
    finally {
        $archive.Dispose()
    }
    if ($nuspec.package.metadata.version -ne $version) {
        throw "$nupkg has version $($nuspec.package.metadata.version), the manifest $version."
    }
    Write-Host "Package: $nupkg ($($names.Count) parts; tags: $($nuspec.package.metadata.tags))"

    $zip = Join-Path $PackageDir ("BackupModule-{0}.zip" -f $version)
    if (Test-Path -LiteralPath $zip) {
        Remove-Item -LiteralPath $zip -Force
    }
    # ZipFile writes '/' separators on .NET Framework 4.6.1+ and .NET, so the zip unpacks on Linux too.
    # The zip's top folder is BackupModule/, ready to drop into a PSModulePath folder.
    [System.IO.Compression.ZipFile]::CreateFromDirectory($ModuleDir, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Package: $zip"
}

Import-Module (Join-Path (Join-Path $RepoRoot 'tools') 'EmulatorProcess.psm1') -Force

function Invoke-Demo {
    Invoke-Build
    Write-Step 'Demo against the emulator'
    if ([Console]::IsOutputRedirected -and (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue)) {
        # A log (CI's tee) gets plain tables, without colour escapes.
        $PSStyle.OutputRendering = 'PlainText'
    }
    $emulator = $null
    $tlsEmulator = $null
    try {
        # Short Zilliz Cloud jobs keep the demo quick; the DC/OS ones keep the emulator's 3 s default.
        # Tokens issued by the emulated IAM live 3 s (five days on a real cluster), so the session part shows a renewal.
        $tokenLifetimeSec = 3
        $shortTokens = @('--dcos-token-lifetime-ms', "$($tokenLifetimeSec * 1000)")
        $emulator = Start-BackupEmulator -Configuration $Configuration -ZillizBackupDelayMs 500 -ZillizRestoreDelayMs 500 -MilvusBackupDelayMs 500 -MilvusRestoreDelayMs 500 -ArgumentList $shortTokens
        $uri = $emulator.Uri

        Write-Step 'Import-Module out/BackupModule/BackupModule.psd1'
        Import-Module (Join-Path $ModuleDir 'BackupModule.psd1') -Force

        Invoke-DcosDemo -Uri $uri
        Invoke-ZillizDemo -Emulator $emulator
        Invoke-MilvusBackupDemo -Emulator $emulator

        # A second emulator over https, with a CA it makes at start, for the session part.
        $caPath = Join-Path (Join-Path $OutDir 'demo') 'emulator-ca.pem'
        $tlsEmulator = Start-BackupEmulator -Configuration $Configuration -Url 'https://127.0.0.1:0' -CertificateAuthorityOut $caPath -BackupDelayMs 500 -ArgumentList $shortTokens
        Invoke-SessionDemo -Emulator $emulator -TlsEmulator $tlsEmulator -TokenLifetimeSec $tokenLifetimeSec
    }
    finally {
        foreach ($running in @($tlsEmulator, $emulator)) {
            if ($null -ne $running) {
                Write-Host "Stopping the emulator at $($running.Uri)."
                Stop-BackupEmulator -Emulator $running
            }
        }
    }
    Write-Step 'Demo finished'
    # One machine-readable end line; .ci/run repeats it.
    Write-Host 'Demo: finished (DC/OS: create -Wait, list, pipeline restore -Wait, remove; Zilliz Cloud: backup -Wait, collection and new-cluster restores -Wait, policy, remove; milvus-backup: named backups -Wait, label list, BackupExists refusal, pipeline restore -Suffix -Wait, -DropExisting -WhatIf, remove; session: IAM login and renewal, https with a CA bundle, named connections; emulators stopped)'
}

function Invoke-DcosDemo {
    param([Parameter(Mandatory = $true)][string] $Uri)

    Write-Step "Connect-ClusterBackupService -Uri $Uri -Token <dcos-emulator-token>   (-Token says DC/OS)"
    $token = ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force
    Connect-ClusterBackupService -Uri $Uri -Token $token -PassThru | Out-Host

    Write-Step 'New-ClusterBackup -Label demo-nightly -Wait'
    New-ClusterBackup -Label demo-nightly -Wait | Format-List | Out-Host

    Write-Step 'Get-ClusterBackup'
    Get-ClusterBackup | Out-Host

    Write-Step 'Get-ClusterBackup -Label demo-* | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait -Confirm:$false'
    Get-ClusterBackup -Label demo-* | Where-Object Status -eq Ready | Restore-ClusterBackup -Wait -Confirm:$false | Out-Host

    Write-Step 'Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force'
    Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force

    $left = @(Get-ClusterBackup -Label demo-*).Count
    Write-Host "Backups labelled demo-* left: $left"
    Disconnect-ClusterBackupService
    if ($left -ne 0) {
        throw "The demo left $left DC/OS backup(s) labelled demo-*."
    }
}

function Invoke-ZillizDemo {
    param([Parameter(Mandatory = $true)] $Emulator)

    if ($null -eq $Emulator.ZillizUri -or $null -eq $Emulator.ZillizApiKey) {
        throw 'The emulator did not show its Zilliz Cloud address and default API key in its banner.'
    }
    $clusterId = $Emulator.ZillizClusterId
    $projectId = $Emulator.ZillizProjectId

    Write-Step "Connect-ClusterBackupService -Uri $($Emulator.ZillizUri) -ApiKey <$($Emulator.ZillizApiKey)> -ClusterId $clusterId -ProjectId $projectId   (-ApiKey says Zilliz Cloud)"
    $apiKey = ConvertTo-SecureString $Emulator.ZillizApiKey -AsPlainText -Force
    Connect-ClusterBackupService -Uri $Emulator.ZillizUri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -PassThru | Out-Host

    Write-Step 'New-ClusterBackup -Wait   (the whole cluster; Zilliz Cloud names the backup)'
    $backup = New-ClusterBackup -Wait
    $backup | Format-List | Out-Host
    if ($backup.Status -ne 'Ready') {
        throw "The Zilliz Cloud backup $($backup.Id) ended $($backup.Status), not Ready."
    }

    Write-Step 'Get-ClusterBackup | Where-Object Status -eq Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName restore_medium_articles -Wait -Confirm:$false'
    Get-ClusterBackup | Where-Object Status -eq Ready | Select-Object -First 1 |
        Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName restore_medium_articles -Wait -Confirm:$false |
        Format-List | Out-Host

    Write-Step "`$job = Restore-ClusterBackup -Id $($backup.Id) -NewClusterName demo-restored -CuSize 1 -Wait -Confirm:`$false"
    $job = Restore-ClusterBackup -Id $backup.Id -NewClusterName demo-restored -CuSize 1 -Wait -Confirm:$false
    $job | Format-List | Out-Host
    # The new cluster's one-time db_admin login: show what it is, never the password itself.
    $credential = $job.Credential
    if ($credential -isnot [pscredential]) {
        throw 'The restore into a new cluster returned no PSCredential.'
    }
    Write-Host ("`$job.Credential: [{0}]  UserName: {1}  password: a SecureString of {2} characters (not shown; store it, e.g. with Set-Secret)" -f
        $credential.GetType().FullName, $credential.UserName, $credential.Password.Length)

    Write-Step 'Set-ClusterBackupPolicy -DayOfWeek Monday,Thursday -WindowStartUtc 02:00 -RetentionDays 7 -Confirm:$false; Get-ClusterBackupPolicy'
    Set-ClusterBackupPolicy -DayOfWeek Monday, Thursday -WindowStartUtc 02:00 -RetentionDays 7 -Confirm:$false
    Get-ClusterBackupPolicy | Format-List | Out-Host

    Write-Step "Get-ClusterBackup -ClusterId $clusterId | Remove-ClusterBackup -Confirm:`$false"
    Get-ClusterBackup -ClusterId $clusterId | Remove-ClusterBackup -Confirm:$false

    $left = @(Get-ClusterBackup -ClusterId $clusterId).Count
    Write-Host "Zilliz Cloud backups of $clusterId left: $left"
    Disconnect-ClusterBackupService
    if ($left -ne 0) {
        throw "The demo left $left Zilliz Cloud backup(s) of $clusterId."
    }
}

function Invoke-MilvusBackupDemo {
    <# A self-hosted Milvus through its milvus-backup server: no credential, backups named by -Label. #>
    param([Parameter(Mandatory = $true)] $Emulator)

    if ($null -eq $Emulator.MilvusBackupUri) {
        throw 'The emulator did not show its milvus-backup address in its banner.'
    }

    Write-Step "Connect-ClusterBackupService -MilvusBackup -Uri $($Emulator.MilvusBackupUri)   (no credential: the server has none)"
    Connect-ClusterBackupService -MilvusBackup -Uri $Emulator.MilvusBackupUri -PassThru | Format-Table | Out-Host

    Write-Step 'New-ClusterBackup -Label demo_nightly -Wait; New-ClusterBackup -Label demo_analytics -Database analytics -Wait'
    New-ClusterBackup -Label demo_nightly -Wait | Format-List | Out-Host
    $null = New-ClusterBackup -Label demo_analytics -Database analytics -Wait

    Write-Step 'Get-ClusterBackup -Label demo_* | Format-Table'
    Get-ClusterBackup -Label demo_* | Format-Table | Out-Host

    Write-Step 'New-ClusterBackup -Label demo_nightly   (the name is in storage: refused before anything is sent)'
    New-ClusterBackup -Label demo_nightly -ErrorAction SilentlyContinue -ErrorVariable refused
    if ($refused.Count -ne 1 -or $refused[0].FullyQualifiedErrorId -notlike 'BackupExists,*') {
        throw "Expected BackupExists, got: $refused"
    }
    Write-Host "Refused: $($refused[0].FullyQualifiedErrorId): $($refused[0].Exception.Message)"

    Write-Step 'Get-ClusterBackup -Label demo_nightly | Where-Object Status -eq Ready | Restore-ClusterBackup -Collection medium_articles -Suffix _r -Wait -Confirm:$false'
    Get-ClusterBackup -Label demo_nightly | Where-Object Status -eq Ready |
        Restore-ClusterBackup -Collection medium_articles -Suffix _r -Wait -Confirm:$false |
        Format-List | Out-Host

    Write-Step 'Restore-ClusterBackup -Id demo_analytics -DropExisting -WhatIf   (says the existing data would be destroyed; sends nothing)'
    Restore-ClusterBackup -Id demo_analytics -DropExisting -WhatIf

    Write-Step 'Get-ClusterBackup -Label demo_* | Remove-ClusterBackup -Force'
    Get-ClusterBackup -Label demo_* | Remove-ClusterBackup -Force

    $left = @(Get-ClusterBackup -Label demo_*).Count
    Write-Host "milvus-backup backups labelled demo_* left: $left"
    Disconnect-ClusterBackupService
    if ($left -ne 0) {
        throw "The demo left $left milvus-backup backup(s) labelled demo_*."
    }
}

function Invoke-SessionDemo {
    <# Named connections to two clusters, one logged in with a password (renewed after its token expires), one over https with the cluster's CA. #>
    param([Parameter(Mandatory = $true)] $Emulator, [Parameter(Mandatory = $true)] $TlsEmulator, [Parameter(Mandatory = $true)][int] $TokenLifetimeSec)

    Write-Step "Connect-ClusterBackupService -Name plain -Uri $($Emulator.Uri) -Credential bootstrapuser   (IAM login; the emulator's default user)"
    $user = New-Object System.Management.Automation.PSCredential -ArgumentList 'bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force)
    Connect-ClusterBackupService -Name plain -Uri $Emulator.Uri -Credential $user

    Write-Step "Connect-ClusterBackupService -Name secure -Uri $($TlsEmulator.Uri) -Credential bootstrapuser -CertificateAuthorityPath $($TlsEmulator.CertificateAuthorityPath)"
    Connect-ClusterBackupService -Name secure -Uri $TlsEmulator.Uri -Credential $user -CertificateAuthorityPath $TlsEmulator.CertificateAuthorityPath

    Write-Step 'Get-ClusterBackupService   (no secret on any connection)'
    Get-ClusterBackupService | Out-Host

    Write-Step "New-ClusterBackup -Connection plain -Label demo-plain -Wait; New-ClusterBackup -Connection secure -Label demo-secure -Wait"
    $null = New-ClusterBackup -Connection plain -Label demo-plain -Wait
    $null = New-ClusterBackup -Connection secure -Label demo-secure -Wait

    Write-Step "Start-Sleep $TokenLifetimeSec   (the emulators' IAM tokens live $TokenLifetimeSec s here, five days on a real cluster; the next calls log in again)"
    Start-Sleep -Seconds $TokenLifetimeSec

    Write-Step 'Get-ClusterBackupService | Get-ClusterBackup -Label demo-* -Verbose   (every cluster in one pipeline)'
    $all = @(Get-ClusterBackupService | Get-ClusterBackup -Label demo-* -Verbose 4>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { if ($_.Message -match 'auth/login') { Write-Host "VERBOSE: $($_.Message)" } } else { $_ }
        })
    # The default view groups the rows under each connection (name, back end, cluster).
    $all | Out-Host
    if (@($all | ForEach-Object { $_.Connection.Name } | Sort-Object -Unique) -join ',' -ne 'plain,secure') {
        throw 'Get-ClusterBackupService | Get-ClusterBackup did not list both clusters after the tokens expired.'
    }

    Write-Step 'Get-ClusterBackupService | Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force; Disconnect-ClusterBackupService -Name *'
    Get-ClusterBackupService | Get-ClusterBackup -Label demo-* | Remove-ClusterBackup -Force
    $left = @(Get-ClusterBackupService | Get-ClusterBackup -Label demo-*).Count
    Disconnect-ClusterBackupService -Name *
    Write-Host "Backups labelled demo-* left on either cluster: $left; connections left: $(@(Get-ClusterBackupService).Count)"
    if ($left -ne 0) {
        throw "The session demo left $left backup(s) labelled demo-*."
    }
}

function Invoke-InstallCheck {
    Invoke-Build
    Write-Step 'Install check: the package as a user installs it'
    if ($PSVersionTable.PSEdition -ne 'Core') {
        throw 'The install check needs PowerShell 7 (PSResourceGet): run it with dotnet pwsh or pwsh.'
    }
    $manifest = Import-PowerShellDataFile -Path (Join-Path $ModuleDir 'BackupModule.psd1')
    $nupkg = Join-Path $PackageDir ("BackupModule.{0}.nupkg" -f $manifest.ModuleVersion)
    & (Join-Path (Join-Path $RepoRoot 'tools') 'Test-PackageInstall.ps1') -PackagePath $nupkg -ModuleDir $ModuleDir -Configuration $Configuration
}

function Invoke-Benchmark {
    Invoke-Build
    $out = Join-Path (Join-Path $PSScriptRoot 'out') 'benchmarks'
    Write-Step 'BenchmarkDotNet: the core against the raw HttpClient + System.Text.Json floor'
    Invoke-Dotnet -Arguments @('run', '-c', $Configuration, '--project', (Join-Path (Join-Path $PSScriptRoot 'tests') 'BackupModule.Benchmarks'), '--',
        '--filter', '*ListThroughputBenchmarks*', '--job', 'short', '--warmupCount', '2', '--iterationCount', '5', '--artifacts', (Join-Path $out 'bdn'))
    Get-ChildItem -Path (Join-Path (Join-Path $out 'bdn') 'results') -Filter '*ListThroughputBenchmarks-report-github.md' | ForEach-Object {
        Copy-Item -LiteralPath $_.FullName -Destination (Join-Path $out 'bdn-list-throughput.md')
        Get-Content -LiteralPath $_.FullName | Write-Host
    }
    Write-Step 'pwsh: the module against Invoke-RestMethod and the raw floor, in this process'
    & (Join-Path (Join-Path $PSScriptRoot 'tools') 'Benchmark.ps1') -OutDir $out
    Write-Host "Results in $out"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Pester' { Invoke-Build; Invoke-PesterSuites }
    'Package' { Invoke-Package }
    'InstallCheck' { Invoke-InstallCheck }
    'Demo' { Invoke-Demo }
    'Benchmark' { Invoke-Benchmark }
}
