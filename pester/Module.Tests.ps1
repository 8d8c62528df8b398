# Pester 5: the built module (out/BackupModule) loads and describes itself correctly.
# Run: ./build.ps1 -Task Build; Invoke-Pester ./pester -Output Detailed

BeforeDiscovery {
    # Discovery needs the cmdlet names before anything is built or imported: read the source manifest.
    $sourceManifest = Import-PowerShellDataFile -Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'BackupModule.psd1')
    $cmdletNames = @($sourceManifest.CmdletsToExport)
    $shouldProcessCases = @(
        @{ Name = 'New-ClusterBackup'; ConfirmImpact = 'Medium' }
        @{ Name = 'Restore-ClusterBackup'; ConfirmImpact = 'High' }
        @{ Name = 'Remove-ClusterBackup'; ConfirmImpact = 'High' }
    )
    $pipelineCases = @(
        @{ Name = 'Get-ClusterBackup'; Parameter = 'Id' }
        @{ Name = 'Restore-ClusterBackup'; Parameter = 'Id' }
        @{ Name = 'Remove-ClusterBackup'; Parameter = 'Id' }
        @{ Name = 'Get-ClusterBackupJob'; Parameter = 'BackupId' }
        @{ Name = 'Wait-ClusterBackupJob'; Parameter = 'Id' }
        @{ Name = 'Wait-ClusterBackupJob'; Parameter = 'BackupId' }
    )
    # The root manifest points into the Release layout; a Debug run (BACKUPMODULE_CONFIGURATION) has none to check.
    $releaseBuild = -not $env:BACKUPMODULE_CONFIGURATION -or $env:BACKUPMODULE_CONFIGURATION -eq 'Release'
    $connectionCmdlets = @($cmdletNames | Where-Object { $_ -notin @('Connect-ClusterBackupService', 'Disconnect-ClusterBackupService', 'Get-ClusterBackupService') })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-ModuleManifestPath
    $manifest = Import-PowerShellDataFile -Path $manifestPath
    Get-Module BackupModule | Remove-Module -Force
    Import-Module $manifestPath -Force
}

AfterAll {
    Get-Module BackupModule | Remove-Module -Force
    Get-Module TestHelpers | Remove-Module -Force
}

Describe 'BackupModule manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'BackupModule'
        $info.Version | Should -Be ([version]$manifest.ModuleVersion)
    }

    It 'targets Windows PowerShell 5.1 and PowerShell 7' {
        @($manifest.CompatiblePSEditions | Sort-Object) | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.RootModule | Should -Be 'BackupModule.dll'
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = @((Get-Module BackupModule).ExportedCommands.Keys | Sort-Object)
        $exported | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        @((Get-Module BackupModule).ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'exports no functions, aliases or variables' {
        @($manifest.FunctionsToExport).Count | Should -Be 0
        @($manifest.AliasesToExport).Count | Should -Be 0
        @($manifest.VariablesToExport).Count | Should -Be 0
        (Get-Module BackupModule).ExportedFunctions.Count | Should -Be 0
        (Get-Module BackupModule).ExportedAliases.Count | Should -Be 0
    }

    It 'does not ship System.Management.Automation.dll' {
        $moduleBase = (Get-Module BackupModule).ModuleBase
        Test-Path -LiteralPath (Join-Path $moduleBase 'System.Management.Automation.dll') | Should -BeFalse
    }
}

Describe 'The repository root manifest' -Skip:(-not $releaseBuild) {
    # The first file a newcomer tries: it points into the Release layout, so it works where it stands after ./build.ps1.
    BeforeAll {
        $rootManifest = Join-Path (Get-RepoRoot) 'BackupModule.psd1'
    }

    It 'passes Test-ModuleManifest where it stands' {
        $info = Test-ModuleManifest -Path $rootManifest -ErrorAction Stop
        $info.Name | Should -Be 'BackupModule'
        $info.Version | Should -Be $manifest.ModuleVersion
        @($info.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
    }

    It 'imports with Import-Module ./BackupModule.psd1 in a new process, views included' {
        Import-Module (Join-Path (Join-Path (Get-RepoRoot) 'tools') 'ChildPwsh.psm1') -Force
        $engine = Get-PwshCommand
        $engineArguments = @($engine.Arguments)
        $script = "Set-Location '$(Get-RepoRoot)'; Import-Module ./BackupModule.psd1 -ErrorAction Stop; " +
            '$cmdlets = (Get-Module BackupModule).ExportedCmdlets.Count; $views = @(Get-FormatData -TypeName BackupModule.Model.ClusterBackup).Count; "$cmdlets $views"'
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $output = & $engine.FilePath @engineArguments -NoProfile -NonInteractive -EncodedCommand $encoded
        $LASTEXITCODE | Should -Be 0
        ($output | Select-Object -Last 1) | Should -Be "$(@($manifest.CmdletsToExport).Count) 1"
    }
}

Describe 'Help for <_>' -ForEach $cmdletNames {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file Get-Help makes the synopsis from the syntax, which starts with the name.
        $help.Synopsis.Trim() | Should -Not -Match ('^' + [regex]::Escape($_))
    }

    It 'has a description' {
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example that uses it' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Match ([regex]::Escape($_))
        }
    }

    It 'documents every parameter' {
        $command = Get-Command -Name $_
        $common = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)
        # Hidden parameters ([Parameter(DontShow)]: pipeline plumbing) are not documented, as in PowerShell's own help.
        $own = @($command.Parameters.Values | Where-Object {
                $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
            } | ForEach-Object { $_.Name })
        # A cmdlet without parameters has no parameters node at all: read it without tripping StrictMode.
        $documented = @()
        $parameters = $help.PSObject.Properties['parameters']
        if ($null -ne $parameters -and $null -ne $parameters.Value -and $null -ne $parameters.Value.PSObject.Properties['parameter']) {
            $documented = @($parameters.Value.parameter | ForEach-Object { $_.name } | Where-Object { $_ -notin $common })
        }
        # Both ways: every parameter is documented, and nothing documented is missing from the cmdlet
        # (-WhatIf and -Confirm are documented too, and left out on both sides).
        @($documented | Sort-Object) | Should -Be @($own | Sort-Object)
    }
}

Describe 'Cmdlet metadata' {
    Context '<Name> asks before it changes anything' -ForEach $shouldProcessCases {
        It 'supports ShouldProcess with ConfirmImpact <ConfirmImpact>' {
            $command = Get-Command -Name $Name
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact.ToString() | Should -Be $ConfirmImpact
            $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
            $command.Parameters.ContainsKey('Confirm') | Should -BeTrue
        }
    }

    It '<Name> binds -<Parameter> from the pipeline by property name' -ForEach $pipelineCases {
        $metadata = (Get-Command -Name $Name).Parameters[$Parameter]
        $metadata | Should -Not -BeNullOrEmpty
        @($metadata.ParameterSets.Values | Where-Object { $_.ValueFromPipelineByPropertyName }).Count | Should -BeGreaterThan 0
    }

    It '<_> binds -Connection from the pipeline by property name' -ForEach $connectionCmdlets {
        $metadata = (Get-Command -Name $_).Parameters['Connection']
        $metadata | Should -Not -BeNullOrEmpty
        $metadata.ParameterType.FullName | Should -Be 'BackupModule.Model.BackupConnection'
        @($metadata.ParameterSets.Values | Where-Object { $_.ValueFromPipelineByPropertyName }).Count | Should -BeGreaterThan 0
    }

    It 'Restore-ClusterBackup and Remove-ClusterBackup accept -BackupId as an alias of -Id' {
        (Get-Command Restore-ClusterBackup).Parameters['Id'].Aliases | Should -Contain 'BackupId'
        (Get-Command Remove-ClusterBackup).Parameters['Id'].Aliases | Should -Contain 'BackupId'
    }

    It 'Get-ClusterBackup has the List (default) and Id parameter sets' {
        $command = Get-Command Get-ClusterBackup
        $command.DefaultParameterSet | Should -Be 'List'
        @($command.ParameterSets.Name) | Should -Contain 'Id'
        @($command.ParameterSets.Name) | Should -Contain 'List'
    }

    It 'Connect-ClusterBackupService defaults to the environment parameter set' {
        $command = Get-Command Connect-ClusterBackupService
        $command.DefaultParameterSet | Should -Be 'Environment'
        @($command.ParameterSets.Name) | Should -Contain 'Dcos'
        $command.Parameters['Token'].ParameterType | Should -Be ([System.Security.SecureString])
    }

    It 'every property Restore/Remove bind from the pipeline exists on ClusterBackup' {
        $properties = @([BackupModule.Model.ClusterBackup].GetProperties().Name)
        foreach ($name in @('Restore-ClusterBackup', 'Remove-ClusterBackup')) {
            $command = Get-Command -Name $name
            foreach ($parameter in $command.Parameters.Values) {
                $byName = @($parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipelineByPropertyName }).Count -gt 0
                if ($byName) {
                    $names = @($parameter.Name) + @($parameter.Aliases)
                    @($names | Where-Object { $_ -in $properties }).Count | Should -BeGreaterThan 0 -Because "$name -$($parameter.Name) must bind from a ClusterBackup"
                }
            }
        }
    }
}

Describe 'Formatting' {
    It 'loads the format views for the module types' {
        foreach ($type in @('BackupModule.Model.ClusterBackup', 'BackupModule.Model.ClusterBackupJob', 'BackupModule.Model.BackupConnection')) {
            @(Get-FormatData -TypeName $type).Count | Should -BeGreaterThan 0 -Because "$type needs a view"
        }
    }
}
