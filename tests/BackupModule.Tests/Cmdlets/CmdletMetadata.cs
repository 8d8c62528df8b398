using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;

namespace BackupModule.Tests.Cmdlets;

/// <summary>
/// Reads cmdlet attribute metadata with GetCustomAttributesData: the PowerShellStandard stub's attribute
/// constructors and setters do nothing, so only the metadata blob tells the truth.
/// </summary>
internal static class CmdletMetadata
{
    public const string AllParameterSets = "__AllParameterSets";

    public static Assembly ModuleAssembly => typeof(BackupModule.Commands.NewClusterBackupCommand).Assembly;

    public static IReadOnlyList<Type> CmdletTypes =>
        ModuleAssembly.GetExportedTypes().Where(t => Find(t, typeof(CmdletAttribute)) is not null).OrderBy(t => t.Name).ToArray();

    public static CustomAttributeData? Find(MemberInfo member, Type attributeType) =>
        member.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == attributeType);

    public static IEnumerable<CustomAttributeData> FindAll(MemberInfo member, Type attributeType) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType == attributeType);

    public static object? Named(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return argument.TypedValue.Value;
            }
        }

        return null;
    }

    /// <summary>The values of a params-array constructor argument (Alias, OutputType).</summary>
    public static IReadOnlyList<object?> ArrayArgument(CustomAttributeData attribute, int index = 0)
    {
        var value = attribute.ConstructorArguments[index].Value;
        return value is ReadOnlyCollection<CustomAttributeTypedArgument> items
            ? items.Select(i => i.Value).ToArray()
            : new[] { value };
    }

    public sealed record CmdletInfo(Type Type, string Verb, string Noun, string? DefaultParameterSetName, bool SupportsShouldProcess, ConfirmImpact? ConfirmImpact)
    {
        public string Name => Verb + "-" + Noun;
    }

    public static CmdletInfo Cmdlet(Type type)
    {
        var attribute = Find(type, typeof(CmdletAttribute)) ?? throw new InvalidOperationException(type + " has no [Cmdlet].");
        var impact = Named(attribute, nameof(CmdletAttribute.ConfirmImpact));
        return new CmdletInfo(
            type,
            (string)attribute.ConstructorArguments[0].Value!,
            (string)attribute.ConstructorArguments[1].Value!,
            (string?)Named(attribute, nameof(CmdletAttribute.DefaultParameterSetName)),
            Named(attribute, nameof(CmdletAttribute.SupportsShouldProcess)) is true,
            impact is null ? null : (ConfirmImpact)(int)impact);
    }

    public static Type CmdletType(string name) =>
        CmdletTypes.SingleOrDefault(t => Cmdlet(t).Name == name) ?? throw new InvalidOperationException("No cmdlet " + name);

    /// <summary>One [Parameter] of a property (a property may have one per parameter set).</summary>
    public sealed record CmdletParameter(
        PropertyInfo Property,
        string ParameterSetName,
        bool Mandatory,
        int? Position,
        bool ValueFromPipeline,
        bool ValueFromPipelineByPropertyName,
        IReadOnlyList<string> Aliases)
    {
        public string Name => Property.Name;

        public Type Type => Property.PropertyType;

        public IEnumerable<string> NameAndAliases => new[] { Name }.Concat(Aliases);
    }

    /// <summary>Every [Parameter] of a cmdlet, inherited ones (Connection) included.</summary>
    public static IReadOnlyList<CmdletParameter> Parameters(Type cmdlet) =>
        cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => FindAll(p, typeof(ParameterAttribute)).Select(a => ToParameter(p, a)))
            .ToArray();

    public static IReadOnlyList<CmdletParameter> Parameter(Type cmdlet, string name) =>
        Parameters(cmdlet).Where(p => p.Name == name).ToArray();

    public static CmdletParameter SingleParameter(Type cmdlet, string name)
    {
        var found = Parameter(cmdlet, name);
        Xunit.Assert.True(found.Count == 1, $"{cmdlet.Name} should declare [Parameter] {name} exactly once, found {found.Count}.");
        return found[0];
    }

    private static CmdletParameter ToParameter(PropertyInfo property, CustomAttributeData attribute)
    {
        var aliases = FindAll(property, typeof(AliasAttribute)).SelectMany(a => ArrayArgument(a)).Cast<string>().ToArray();
        return new CmdletParameter(
            property,
            (string?)Named(attribute, nameof(ParameterAttribute.ParameterSetName)) ?? AllParameterSets,
            Named(attribute, nameof(ParameterAttribute.Mandatory)) is true,
            Named(attribute, nameof(ParameterAttribute.Position)) as int?,
            Named(attribute, nameof(ParameterAttribute.ValueFromPipeline)) is true,
            Named(attribute, nameof(ParameterAttribute.ValueFromPipelineByPropertyName)) is true,
            aliases);
    }

    public static IReadOnlyList<Type> OutputTypes(Type cmdlet) =>
        FindAll(cmdlet, typeof(OutputTypeAttribute)).SelectMany(a => ArrayArgument(a)).OfType<Type>().ToArray();
}
