using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace DingTalk.Robot.Testing.Tests;

/// <summary>
/// Other projects and users code against the emulator's public API: any change to it must be deliberate.
/// On a difference, PublicApi.received.md is written next to the approved file; review it and copy it over.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly NullabilityInfoContext Nullability = new();

    [Fact]
    public void The_public_api_is_the_approved_one()
    {
        var directory = SourceDirectory();
        var approved = File.ReadAllText(Path.Combine(directory, "PublicApi.approved.md")).ReplaceLineEndings("\n");
        var actual = Render(typeof(RobotEmulator).Assembly);
        var received = Path.Combine(directory, "PublicApi.received.md");
        if (actual == approved)
        {
            File.Delete(received);
        }
        else
        {
            File.WriteAllText(received, actual);
        }

        Assert.Equal(approved, actual);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string Render(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class";
            var bases = type.GetInterfaces().Select(i => i.Name).Order(StringComparer.Ordinal).ToArray();
            text.Append($"public {kind} {type.FullName}{(bases.Length == 0 ? "" : " : " + string.Join(", ", bases))}\n");
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Declared).OrderBy(m => m.MetadataToken))
            {
                var line = member switch
                {
                    ConstructorInfo c => $"{type.Name}({Parameters(c)})",
                    MethodInfo { IsSpecialName: true } => null,
                    MethodInfo m => $"{(m.IsStatic ? "static " : "")}{Name(Nullability.Create(m.ReturnParameter))} {m.Name}({Parameters(m)})",
                    PropertyInfo p => $"{Name(Nullability.Create(p))} {p.Name} {{ get; {(p.SetMethod?.IsPublic == true ? "set; " : "")}}}",
                    EventInfo e => $"event {Name(Nullability.Create(e))} {e.Name}",
                    _ => $"{member.MemberType} {member.Name}",
                };
                if (line is not null)
                {
                    text.Append($"  public {line}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Parameters(MethodBase method) => string.Join(
        ", ",
        method.GetParameters().Select(p =>
            $"{Name(Nullability.Create(p))} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "default") : "")}"));

    private static string Name(NullabilityInfo info)
    {
        var type = info.Type;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return underlying.Name + "?";
        }

        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
        if (type.IsGenericType)
        {
            name += "<" + string.Join(", ", info.GenericTypeArguments.Select(Name)) + ">";
        }

        return info.ReadState == NullabilityState.Nullable && !type.IsValueType ? name + "?" : name;
    }
}
