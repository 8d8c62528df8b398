using System.Management.Automation;
using System.Reflection;
using System.Security;
using BackupModule.Commands;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Pipeline;
using Xunit;
using static BackupModule.Tests.Cmdlets.CmdletMetadata;

namespace BackupModule.Tests.Cmdlets;

/// <summary>
/// The cmdlets' public contract, read from attribute metadata (no PowerShell host is needed): names,
/// ShouldProcess, parameter sets, pipeline binding, output types, and the pipeline proof that what
/// Get-ClusterBackup emits binds to Restore-/Remove-ClusterBackup.
/// </summary>
public sealed class CmdletContractTests
{
    private static readonly string[] ExpectedCmdlets =
    {
        "Connect-ClusterBackupService",
        "Disconnect-ClusterBackupService",
        "Get-ClusterBackupService",
        "New-ClusterBackup",
        "Get-ClusterBackup",
        "Restore-ClusterBackup",
        "Remove-ClusterBackup",
        "Get-ClusterBackupJob",
        "Wait-ClusterBackupJob",
        "Get-ClusterBackupPolicy",
        "Set-ClusterBackupPolicy",
        "Export-ClusterBackup",
    };

    private static readonly string[] ConnectedCmdlets =
    {
        "New-ClusterBackup",
        "Get-ClusterBackup",
        "Restore-ClusterBackup",
        "Remove-ClusterBackup",
        "Get-ClusterBackupJob",
        "Wait-ClusterBackupJob",
        "Get-ClusterBackupPolicy",
        "Set-ClusterBackupPolicy",
        "Export-ClusterBackup",
    };

    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
        "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer",
        "PipelineVariable", "WhatIf", "Confirm",
    };

    public static TheoryData<string> AllCmdletNames => new(ExpectedCmdlets);

    public static TheoryData<string> ConnectedCmdletNames => new(ConnectedCmdlets);

    // ---- names and shapes -------------------------------------------------------------------------

    [Fact]
    public void The_module_has_exactly_the_expected_cmdlets()
    {
        var names = CmdletTypes.Select(t => Cmdlet(t).Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(ExpectedCmdlets.OrderBy(n => n, StringComparer.Ordinal), names);
    }

    [Fact]
    public void No_public_cmdlet_class_lacks_a_Cmdlet_attribute()
    {
        var untagged = ModuleAssembly.GetExportedTypes()
            .Where(t => typeof(System.Management.Automation.Cmdlet).IsAssignableFrom(t) && !t.IsAbstract && Find(t, typeof(CmdletAttribute)) is null)
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(untagged);
    }

    [Theory]
    [MemberData(nameof(AllCmdletNames))]
    public void Cmdlet_classes_are_sealed_and_named_verb_noun_Command(string name)
    {
        var type = CmdletType(name);
        var cmdlet = Cmdlet(type);

        Assert.True(type.IsSealed, $"{type.Name} should be sealed");
        Assert.True(type.IsPublic, $"{type.Name} should be public");
        Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", type.Name);
        Assert.Equal("BackupModule.Commands", type.Namespace);
        Assert.True(typeof(PSCmdlet).IsAssignableFrom(type), $"{type.Name} should derive from PSCmdlet");
    }

    [Theory]
    [MemberData(nameof(AllCmdletNames))]
    public void Verbs_are_approved(string name)
    {
        var approved = new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic), typeof(VerbsSecurity), typeof(VerbsOther) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains(Cmdlet(CmdletType(name)).Verb, approved);
    }

    [Theory]
    [InlineData("New-ClusterBackup", true, ConfirmImpact.Medium)]
    [InlineData("Restore-ClusterBackup", true, ConfirmImpact.High)]
    [InlineData("Remove-ClusterBackup", true, ConfirmImpact.High)]
    public void Mutating_cmdlets_support_ShouldProcess_with_their_impact(string name, bool supports, ConfirmImpact impact)
    {
        var cmdlet = Cmdlet(CmdletType(name));

        Assert.Equal(supports, cmdlet.SupportsShouldProcess);
        Assert.Equal(impact, cmdlet.ConfirmImpact);
    }

    [Theory]
    [InlineData("Get-ClusterBackup")]
    [InlineData("Get-ClusterBackupJob")]
    [InlineData("Wait-ClusterBackupJob")]
    [InlineData("Disconnect-ClusterBackupService")]
    public void Read_only_cmdlets_do_not_ask_for_confirmation(string name)
    {
        var cmdlet = Cmdlet(CmdletType(name));

        Assert.False(cmdlet.SupportsShouldProcess);
        Assert.Null(cmdlet.ConfirmImpact);
    }

    [Theory]
    [InlineData("New-ClusterBackup", typeof(ClusterBackup))]
    [InlineData("Get-ClusterBackup", typeof(ClusterBackup))]
    [InlineData("Restore-ClusterBackup", typeof(ClusterBackupJob))]
    [InlineData("Get-ClusterBackupJob", typeof(ClusterBackupJob))]
    [InlineData("Connect-ClusterBackupService", typeof(BackupConnection))]
    [InlineData("Get-ClusterBackupPolicy", typeof(BackupPolicy))]
    [InlineData("Set-ClusterBackupPolicy", typeof(BackupPolicy))]
    public void OutputType(string name, Type expected)
    {
        Assert.Equal(new[] { expected }, OutputTypes(CmdletType(name)));
    }

    [Fact]
    public void Wait_ClusterBackupJob_emits_jobs_or_the_backups_it_waited_for()
    {
        Assert.Equal(new[] { typeof(ClusterBackupJob), typeof(ClusterBackup) }, OutputTypes(typeof(WaitClusterBackupJobCommand)));
    }

    // ---- parameters -------------------------------------------------------------------------------

    [Fact]
    public void Get_ClusterBackup_has_List_and_Id_sets()
    {
        var type = typeof(GetClusterBackupCommand);
        Assert.Equal("List", Cmdlet(type).DefaultParameterSetName);

        var label = SingleParameter(type, "Label");
        Assert.Equal("List", label.ParameterSetName);
        Assert.Equal(0, label.Position);
        Assert.False(label.Mandatory);
        Assert.Equal(typeof(string), label.Type);
        Assert.NotNull(Find(label.Property, typeof(SupportsWildcardsAttribute)));

        var status = SingleParameter(type, "Status");
        Assert.Equal("List", status.ParameterSetName);
        Assert.False(status.Mandatory);
        Assert.Equal(typeof(BackupStatus[]), status.Type);

        var id = SingleParameter(type, "Id");
        Assert.Equal("Id", id.ParameterSetName);
        Assert.True(id.Mandatory);
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.True(id.Type == typeof(string) || id.Type == typeof(string[]), id.Type.ToString());
    }

    [Theory]
    [InlineData("Restore-ClusterBackup")]
    [InlineData("Remove-ClusterBackup")]
    public void Restore_and_Remove_take_a_mandatory_Id_from_the_pipeline_and_a_Force_switch(string name)
    {
        var type = CmdletType(name);

        var id = SingleParameter(type, "Id");
        Assert.True(id.Mandatory);
        Assert.True(id.ValueFromPipelineByPropertyName);
        Assert.Contains("BackupId", id.Aliases);
        Assert.Equal(typeof(string), id.Type);
        Assert.NotNull(Find(id.Property, typeof(ValidateNotNullOrEmptyAttribute)));

        var force = SingleParameter(type, "Force");
        Assert.Equal(typeof(SwitchParameter), force.Type);
        Assert.False(force.Mandatory);
    }

    [Theory]
    [MemberData(nameof(ConnectedCmdletNames))]
    public void Connection_binds_from_the_pipeline_by_property_name(string name)
    {
        var type = CmdletType(name);

        Assert.True(typeof(ConnectedBackupCmdlet).IsAssignableFrom(type), $"{type.Name} should derive from ConnectedBackupCmdlet");
        var connection = SingleParameter(type, "Connection");
        Assert.True(connection.ValueFromPipelineByPropertyName);
        Assert.False(connection.Mandatory);
        Assert.Equal(AllParameterSets, connection.ParameterSetName);
        Assert.Equal(typeof(BackupConnection), connection.Type);
    }

    [Fact]
    public void Only_the_connected_cmdlets_take_Connection()
    {
        var withConnection = CmdletTypes.Where(t => Parameter(t, "Connection").Count > 0).Select(t => Cmdlet(t).Name);

        Assert.Equal(ConnectedCmdlets.OrderBy(n => n, StringComparer.Ordinal), withConnection.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("New-ClusterBackup")]
    [InlineData("Restore-ClusterBackup")]
    public void New_and_Restore_have_Wait_and_a_validated_TimeoutSec(string name)
    {
        var type = CmdletType(name);

        var wait = SingleParameter(type, "Wait");
        Assert.Equal(typeof(SwitchParameter), wait.Type);
        Assert.False(wait.Mandatory);

        AssertValidatedTimeout(type);
    }

    [Fact]
    public void Wait_ClusterBackupJob_has_a_validated_TimeoutSec()
    {
        AssertValidatedTimeout(typeof(WaitClusterBackupJobCommand));
    }

    private static void AssertValidatedTimeout(Type type)
    {
        var timeout = SingleParameter(type, "TimeoutSec");
        Assert.Equal(typeof(int), timeout.Type);
        Assert.False(timeout.Mandatory);

        var range = Find(timeout.Property, typeof(ValidateRangeAttribute));
        Assert.NotNull(range);
        Assert.Equal(2, range!.ConstructorArguments.Count);
        var min = Convert.ToInt64(range.ConstructorArguments[0].Value);
        var max = Convert.ToInt64(range.ConstructorArguments[1].Value);
        Assert.True(min >= 1, $"TimeoutSec minimum {min} should be at least 1");
        Assert.True(max > min, $"TimeoutSec range {min}..{max}");
    }

    [Fact]
    public void New_ClusterBackup_takes_an_optional_positional_Label()
    {
        // DC/OS needs a label and its service checks for one before any request; Zilliz Cloud names backups itself.
        var label = SingleParameter(typeof(NewClusterBackupCommand), "Label");

        Assert.False(label.Mandatory);
        Assert.Equal(0, label.Position);
        Assert.Equal(typeof(string), label.Type);
    }

    [Fact]
    public void Connect_infers_the_back_end_from_the_credential_and_never_needs_only_a_switch()
    {
        // A cheap guard over the attributes; the engine tests (ConnectInferenceTests) prove the binding.
        var type = typeof(ConnectClusterBackupServiceCommand);
        Assert.Equal("Environment", Cmdlet(type).DefaultParameterSetName);

        // -Token, -Credential, -ServiceAccount and -ApiKey are each mandatory in a set of their own, which says the back end.
        Assert.Equal(("DcosToken", true), Single(type, "Token"));
        Assert.Equal(("DcosCredential", true), Single(type, "Credential"));
        Assert.Equal(("DcosServiceAccount", true), Single(type, "ServiceAccount"));
        Assert.Equal(("ZillizApiKey", true), Single(type, "ApiKey"));
        Assert.Equal(typeof(SecureString), SingleParameter(type, "Token").Type);
        Assert.Equal(typeof(SecureString), SingleParameter(type, "ApiKey").Type);

        // The switches: optional beside a credential; -Dcos is mandatory only where nothing else says DC/OS
        // (DCOS_ACS_TOKEN or a vault), and -ZillizCloud nowhere, so no set lacks only a switch.
        Assert.Equal(
            new[] { ("Dcos", true), ("DcosCredential", false), ("DcosServiceAccount", false), ("DcosToken", false) },
            Sets(type, "Dcos"));
        Assert.Equal(new[] { ("ZillizApiKey", false), ("ZillizCloud", false) }, Sets(type, "ZillizCloud"));
        Assert.All(Parameter(type, "Dcos").Concat(Parameter(type, "ZillizCloud")), d => Assert.Equal(typeof(SwitchParameter), d.Type));

        Assert.Equal(
            new[] { ("Dcos", true), ("DcosCredential", true), ("DcosServiceAccount", true), ("DcosToken", true), ("ZillizApiKey", false), ("ZillizCloud", false) },
            Sets(type, "Uri"));
        Assert.All(Parameter(type, "Uri"), u => Assert.Equal(typeof(Uri), u.Type));

        foreach (var name in new[] { "AllowUnencryptedAuthentication", "PassThru" })
        {
            var parameter = SingleParameter(type, name);
            Assert.Equal(typeof(SwitchParameter), parameter.Type);
            Assert.Equal(AllParameterSets, parameter.ParameterSetName);
            Assert.False(parameter.Mandatory);
        }

        (string, bool) Single(Type cmdlet, string name)
        {
            var parameter = SingleParameter(cmdlet, name);
            return (parameter.ParameterSetName, parameter.Mandatory);
        }

        (string, bool)[] Sets(Type cmdlet, string name) =>
            Parameter(cmdlet, name).Select(p => (p.ParameterSetName, p.Mandatory)).OrderBy(p => p.ParameterSetName, StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void Connect_without_parameters_needs_nothing_mandatory()
    {
        // The Environment set (DCOS_URL + DCOS_ACS_TOKEN) must bind with no arguments at all.
        var mandatoryOutsideDcos = Parameters(typeof(ConnectClusterBackupServiceCommand))
            .Where(p => p.Mandatory && (p.ParameterSetName == "Environment" || p.ParameterSetName == AllParameterSets))
            .Select(p => p.Name);

        Assert.Empty(mandatoryOutsideDcos);
    }

    [Fact]
    public void The_token_is_never_a_plain_string_parameter()
    {
        var plain = CmdletTypes
            .SelectMany(t => Parameters(t).Select(p => (Cmdlet: Cmdlet(t).Name, Parameter: p)))
            .Where(x => x.Parameter.Type == typeof(string) && x.Parameter.NameAndAliases.Any(n => n.Contains("Token", StringComparison.OrdinalIgnoreCase) || n.Contains("Password", StringComparison.OrdinalIgnoreCase) || n.Contains("ApiKey", StringComparison.OrdinalIgnoreCase)))
            .Select(x => x.Cmdlet + " -" + x.Parameter.Name);

        Assert.Empty(plain);
    }

    [Theory]
    [MemberData(nameof(AllCmdletNames))]
    public void Positions_are_unique_within_each_parameter_set(string name)
    {
        var parameters = Parameters(CmdletType(name));
        var sets = parameters.Select(p => p.ParameterSetName).Where(s => s != AllParameterSets).Distinct().DefaultIfEmpty(AllParameterSets);

        foreach (var set in sets)
        {
            var clashes = parameters
                .Where(p => p.Position is not null && (p.ParameterSetName == set || p.ParameterSetName == AllParameterSets))
                .GroupBy(p => p.Position)
                .Where(g => g.Count() > 1)
                .Select(g => $"position {g.Key}: {string.Join(", ", g.Select(p => p.Name))}");
            Assert.Empty(clashes);
        }
    }

    [Theory]
    [MemberData(nameof(AllCmdletNames))]
    public void Parameter_names_and_aliases_are_unique_and_do_not_shadow_common_parameters(string name)
    {
        var names = Parameters(CmdletType(name))
            .GroupBy(p => p.Property.Name)
            .Select(g => g.First())
            .SelectMany(p => p.NameAndAliases)
            .ToArray();

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(names.Intersect(CommonParameters, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(AllCmdletNames))]
    public void Every_parameter_property_is_publicly_settable(string name)
    {
        foreach (var parameter in Parameters(CmdletType(name)))
        {
            Assert.True(parameter.Property.SetMethod?.IsPublic == true, $"{name} -{parameter.Name} needs a public setter");
            Assert.True(parameter.Property.GetMethod?.IsPublic == true, $"{name} -{parameter.Name} needs a public getter");
        }
    }

    // ---- the pipeline proof -----------------------------------------------------------------------

    /// <summary>
    /// The parameters a pipeline object must supply: mandatory ones bound by property name, and the
    /// Connection (so each object goes back to the cluster it came from).
    /// </summary>
    private static IReadOnlyList<CmdletParameter> PipelineBound(Type cmdlet) =>
        Parameters(cmdlet).Where(p => p.ValueFromPipelineByPropertyName && (p.Mandatory || p.Name == "Connection")).ToArray();

    /// <summary>The parameters of <paramref name="cmdlet"/> that objects of <paramref name="source"/> cannot fill.</summary>
    private static IReadOnlyList<string> Unbound(Type cmdlet, Type source)
    {
        var properties = source.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
            .ToArray();
        return PipelineBound(cmdlet)
            .Where(parameter => !properties.Any(property =>
                parameter.NameAndAliases.Contains(property.Name, StringComparer.OrdinalIgnoreCase)
                && (parameter.Type.IsAssignableFrom(property.PropertyType)
                    || (parameter.Type.IsArray && parameter.Type.GetElementType()!.IsAssignableFrom(property.PropertyType)))))
            .Select(p => p.Name)
            .ToArray();
    }

    [Theory]
    [InlineData("Restore-ClusterBackup")]
    [InlineData("Remove-ClusterBackup")]
    public void What_Get_ClusterBackup_emits_binds_to_Restore_and_Remove(string name)
    {
        var emitted = Assert.Single(OutputTypes(typeof(GetClusterBackupCommand)));
        Assert.Equal(typeof(ClusterBackup), emitted);
        var cmdlet = CmdletType(name);

        var bound = PipelineBound(cmdlet).Select(p => p.Name).ToArray();
        Assert.Contains("Id", bound);
        Assert.Contains("Connection", bound);
        Assert.Empty(Unbound(cmdlet, emitted));
    }

    [Theory]
    [InlineData("Restore-ClusterBackup")]
    [InlineData("Remove-ClusterBackup")]
    public void Every_mandatory_parameter_of_Restore_and_Remove_binds_from_the_pipeline(string name)
    {
        // A mandatory parameter of the default set that the pipeline cannot fill would make PowerShell prompt
        // for every object (the other sets are chosen by naming their mandatory parameters).
        var type = CmdletType(name);
        var defaultSet = Cmdlet(type).DefaultParameterSetName;
        var notFromPipeline = Parameters(type)
            .Where(p => p.Mandatory && !p.ValueFromPipelineByPropertyName && !p.ValueFromPipeline && (defaultSet is null || p.ParameterSetName == defaultSet || p.ParameterSetName == AllParameterSets))
            .Select(p => p.Name);

        Assert.Empty(notFromPipeline);
    }

    // Get-ClusterBackupJob's BackupId is optional (see GetClusterBackupJobBindingTests), so this
    // mandatory-parameter proof applies to Wait only; the engine tests pipe jobs into both for real.
    [Theory]
    [InlineData("Wait-ClusterBackupJob")]
    public void What_Restore_ClusterBackup_emits_binds_to_the_job_cmdlets(string name)
    {
        // A cheap guard: the engine tests prove the binding. Every by-name parameter of the job cmdlets has
        // a property of the job to come from.
        var emitted = Assert.Single(OutputTypes(typeof(RestoreClusterBackupCommand)));
        Assert.Equal(typeof(ClusterBackupJob), emitted);
        var byName = Parameters(CmdletType(name)).Where(p => p.ValueFromPipelineByPropertyName).Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(new[] { "BackupId", "Connection", "Id" }, byName);
        Assert.All(byName, n => Assert.NotNull(emitted.GetProperty(n, BindingFlags.Public | BindingFlags.Instance)));
    }

    [Fact]
    public void Wait_ClusterBackupJob_binds_both_ids_from_the_pipeline()
    {
        var parameters = Parameters(typeof(WaitClusterBackupJobCommand));

        Assert.Equal(new[] { "BackupId", "Connection", "Id" }, parameters.Where(p => p.ValueFromPipelineByPropertyName).Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        // A connection piped by value binds the hidden InputConnection (Get-ClusterBackupService | ...); a backup is not one.
        Assert.Equal(new[] { "Backup", "InputConnection" }, parameters.Where(p => p.ValueFromPipeline).Select(p => p.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(typeof(ClusterBackup), SingleParameter(typeof(WaitClusterBackupJobCommand), "Backup").Type);
    }

    [Fact]
    public void The_guard_has_teeth_a_restore_cannot_be_filled_from_an_item()
    {
        Assert.NotEmpty(Unbound(typeof(RestoreClusterBackupCommand), typeof(BackupItem)));
    }

    [Fact]
    public void Pipeline_objects_carry_their_connection_publicly()
    {
        foreach (var type in new[] { typeof(ClusterBackup), typeof(ClusterBackupJob) })
        {
            var property = type.GetProperty("Connection", BindingFlags.Public | BindingFlags.Instance);
            Assert.NotNull(property);
            Assert.True(property!.GetMethod!.IsPublic);
            Assert.Equal(typeof(BackupConnection), property.PropertyType);
        }
    }

    // ---- error records ----------------------------------------------------------------------------

    [Fact]
    public void Every_error_kind_but_ServiceError_has_a_specific_category()
    {
        var unspecified = Enum.GetValues<BackupErrorKind>()
            .Where(k => k != BackupErrorKind.ServiceError && ErrorRecords.CategoryOf(k) == ErrorCategory.NotSpecified)
            .ToArray();

        Assert.Empty(unspecified);
    }

    [Theory]
    [InlineData(BackupErrorKind.NotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(BackupErrorKind.Busy, ErrorCategory.ResourceBusy)]
    [InlineData(BackupErrorKind.Authentication, ErrorCategory.AuthenticationError)]
    [InlineData(BackupErrorKind.Permission, ErrorCategory.PermissionDenied)]
    [InlineData(BackupErrorKind.Timeout, ErrorCategory.OperationTimeout)]
    [InlineData(BackupErrorKind.InvalidArgument, ErrorCategory.InvalidArgument)]
    [InlineData(BackupErrorKind.InvalidData, ErrorCategory.InvalidData)]
    [InlineData(BackupErrorKind.Connection, ErrorCategory.ConnectionError)]
    [InlineData(BackupErrorKind.LimitsExceeded, ErrorCategory.LimitsExceeded)]
    [InlineData(BackupErrorKind.Unavailable, ErrorCategory.ResourceUnavailable)]
    [InlineData(BackupErrorKind.Security, ErrorCategory.SecurityError)]
    public void CategoryOf(BackupErrorKind kind, ErrorCategory expected)
    {
        Assert.Equal(expected, ErrorRecords.CategoryOf(kind));
    }

    [Fact]
    public void Error_ids_are_their_own_names()
    {
        var fields = typeof(BackupErrorId).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToArray();

        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
    }

    [Theory]
    [InlineData("BackupNotFound")]
    [InlineData("BackupServiceBusy")]
    [InlineData("Unauthorized")]
    [InlineData("Forbidden")]
    [InlineData("InvalidLabel")]
    [InlineData("WaitTimedOut")]
    [InlineData("NotConnected")]
    [InlineData("OperationFailed")]
    public void Error_ids_include(string id)
    {
        var ids = typeof(BackupErrorId).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Contains(id, ids);
    }

    [Fact]
    public void Error_ids_are_unique()
    {
        var ids = typeof(BackupErrorId).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    // ---- assembly layering ------------------------------------------------------------------------

    [Fact]
    public void The_core_does_not_reference_PowerShell()
    {
        var core = typeof(BackupErrorId).Assembly;

        Assert.Equal("BackupModule.Core", core.GetName().Name);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation" || a.Name!.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal));
    }

    [Fact]
    public void The_module_references_PowerShell_and_the_core()
    {
        var names = ModuleAssembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();

        Assert.Equal("BackupModule", ModuleAssembly.GetName().Name);
        Assert.Contains("System.Management.Automation", names);
        Assert.Contains("BackupModule.Core", names);
    }

    [Fact]
    public void The_model_types_live_in_the_core()
    {
        var core = typeof(BackupErrorId).Assembly;

        Assert.Same(core, typeof(ClusterBackup).Assembly);
        Assert.Same(core, typeof(ClusterBackupJob).Assembly);
        Assert.Same(core, typeof(BackupConnection).Assembly);
        Assert.DoesNotContain(core.GetExportedTypes(), t => typeof(PSObject).Namespace == t.Namespace);
    }
}
