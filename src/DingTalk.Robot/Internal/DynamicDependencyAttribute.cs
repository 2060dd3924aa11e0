#if !NET5_0_OR_GREATER
namespace System.Diagnostics.CodeAnalysis;

// netstandard2.0 has no trimming attributes; the trimmer recognises these by name (it only runs on net8.0+ builds,
// which have the real ones, so these are here to compile the shared source).

/// <summary>Keeps a member that is only reached by reflection.</summary>
[AttributeUsage(AttributeTargets.Constructor | AttributeTargets.Field | AttributeTargets.Method, AllowMultiple = true)]
internal sealed class DynamicDependencyAttribute : Attribute
{
    public DynamicDependencyAttribute(DynamicallyAccessedMemberTypes memberTypes, string typeName, string assemblyName)
    {
        MemberTypes = memberTypes;
        TypeName = typeName;
        AssemblyName = assemblyName;
    }

    public DynamicallyAccessedMemberTypes MemberTypes { get; }

    public string TypeName { get; }

    public string AssemblyName { get; }
}

/// <summary>Which members of a type reflection reaches.</summary>
[Flags]
internal enum DynamicallyAccessedMemberTypes
{
    None = 0,
    PublicParameterlessConstructor = 1,
}
#endif
