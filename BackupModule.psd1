#
# Module manifest for BackupModule: back up and restore DC/OS Enterprise clusters from PowerShell.
# Built layout: out/BackupModule/ (dotnet build BackupModule.sln, or ./build.ps1).
#
@{
    RootModule             = 'BackupModule.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = 'a236412c-65a2-43e6-88e3-702d2872ebcc'
    Author                 = 'BackupModule contributors'
    CompanyName            = 'BackupModule contributors'
    Copyright              = '(c) BackupModule contributors.'
    Description            = 'Creates, lists, restores and deletes DC/OS Enterprise cluster backups (the DC/OS backup service, /system/v1/backup/v1) from Windows PowerShell 5.1 and PowerShell 7.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess       = @('BackupModule.Format.ps1xml')

    CmdletsToExport        = @(
        'Connect-ClusterBackupService',
        'Disconnect-ClusterBackupService',
        'New-ClusterBackup',
        'Get-ClusterBackup',
        'Restore-ClusterBackup',
        'Remove-ClusterBackup',
        'Get-ClusterBackupJob',
        'Wait-ClusterBackupJob'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags = @('DCOS', 'Mesosphere', 'Marathon', 'Backup', 'Restore', 'Cluster', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
