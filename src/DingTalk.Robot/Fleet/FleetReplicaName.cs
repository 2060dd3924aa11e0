using System.Text;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// The names of fleet mode (<see cref="DingTalkFleetOptions.Name"/>, <see cref="DingTalkFleetOptions.Replica"/>): what
/// a valid one is, and this replica's default name, from <c>HOSTNAME</c> (a Kubernetes pod's name) or the machine's.
/// </summary>
internal static class FleetReplicaName
{
    /// <summary>The longest name.</summary>
    internal const int MaxLength = DingTalkFleetOptions.MaxNameLength;

    /// <summary>The default when neither the environment nor the machine gives a usable name.</summary>
    internal const string Fallback = "replica";

    /// <summary>1 to 64 ASCII letters, digits, '.', '-' or '_'.</summary>
    public static bool IsValid(string name)
        => name.Length is > 0 and <= DingTalkFleetOptions.MaxNameLength
           && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_');

    /// <summary>
    /// <c>HOSTNAME</c>, else <see cref="Environment.MachineName"/>, made valid: the user did not choose it, so an odd
    /// host name (a space, a long FQDN) must not stop the app; its other characters become '-', cut to 64.
    /// </summary>
    public static string Default()
    {
        string? name;
        try
        {
            name = Environment.GetEnvironmentVariable("HOSTNAME");
            if (string.IsNullOrWhiteSpace(name))
            {
                name = Environment.MachineName;
            }
        }
        catch (Exception)
        {
            name = null;
        }

        return MakeValid(name);
    }

    /// <summary><paramref name="name"/> with every character a name may not have replaced by '-', cut to 64; <see cref="Fallback"/> when empty.</summary>
    internal static string MakeValid(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return Fallback;
        }

        var valid = new StringBuilder(Math.Min(name!.Length, DingTalkFleetOptions.MaxNameLength));
        foreach (var c in name)
        {
            if (valid.Length == DingTalkFleetOptions.MaxNameLength)
            {
                break;
            }

            valid.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' ? c : '-');
        }

        return valid.ToString();
    }
}
