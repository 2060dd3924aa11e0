using System.Runtime.CompilerServices;

namespace DingTalk.Testing.Shared;

/// <summary>
/// A tiny approval (snapshot) helper: compares a text with the checked-in <c>{name}.approved.{ext}</c> beside the
/// calling test file. On a mismatch (or when the approved file is missing) it writes <c>{name}.received.{ext}</c>
/// next to it and fails; approve a change by renaming the received file to the approved one.
/// </summary>
internal static class Approvals
{
    public static void Verify(string actual, string name, string extension = "md", [CallerFilePath] string callerFilePath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFilePath)!, "Approved");
        Directory.CreateDirectory(directory);
        var approvedPath = Path.Combine(directory, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        var normalized = Normalize(actual);

        if (File.Exists(approvedPath) && Normalize(File.ReadAllText(approvedPath)) == normalized)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        File.WriteAllText(receivedPath, normalized);
        var hint = File.Exists(approvedPath)
            ? $"differs from {approvedPath}"
            : $"has no approved file yet ({approvedPath})";
        throw new Xunit.Sdk.XunitException(
            $"Approval '{name}' {hint}. The output was written to {receivedPath}; review it and rename it to approve.\n--- received ---\n{normalized}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
