#
# Module manifest for BackupModule: back up and restore DC/OS Enterprise and Zilliz Cloud clusters from PowerShell.
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
    Description            = 'Creates, lists, restores and deletes cluster backups from Windows PowerShell 5.1 and PowerShell 7: DC/OS Enterprise (the backup service of Marathon state, /system/v1/backup/v1) and Zilliz Cloud (managed Milvus, REST API v2: cluster and collection backups, restore into a new cluster or chosen collections into an existing one, jobs, backup policy).'
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
        'Wait-ClusterBackupJob',
        'Get-ClusterBackupPolicy',
        'Set-ClusterBackupPolicy',
        'Export-ClusterBackup'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags = @('DCOS', 'Mesosphere', 'Marathon', 'Zilliz', 'Milvus', 'VectorDatabase', 'Backup', 'Restore', 'Cluster', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
