using System.Text;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Engine.Support;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The digests an incident produces with alert memory, word for word (approved files): each state — new, rising,
/// ongoing riding along, worse, quiet, back, an ongoing group told again after RepeatInterval — as the group reads it.
/// </summary>
public sealed class StoryApprovalTests
{
    private const string DatabaseDown = "Database {Name} unreachable";
    private const string SlowCheckout = "Checkout took {Elapsed} ms";

    [Fact]
    public async Task An_incident_told_across_digests()
    {
        await using var h = new EngineHarness(o =>
        {
            o.AtMobiles = new List<string> { "13800000000" };
            o.QuietAfter = TimeSpan.FromMinutes(2);
            o.RepeatInterval = TimeSpan.FromMinutes(4);
        });

        // The database goes down: an error a second. Then a tenfold burst.
        await h.LogEveryAsync(S(1), S(60), _ => h.Now(DigestLevel.Error, DatabaseDown));
        for (var second = 0; second < 12; second++)
        {
            await h.LogAsync(Enumerable.Range(0, 10).Select(_ => h.Now(DigestLevel.Error, DatabaseDown)).ToArray());
            await h.AdvanceAsync(S(1));
        }

        // Checkout slows down (warnings) while the database stays down, then fails outright (errors: worse).
        await h.LogEveryAsync(S(1), S(30), i => h.Now(DigestLevel.Warning, i % 2 == 0 ? SlowCheckout : DatabaseDown));
        await h.LogEveryAsync(S(1), S(30), i => h.Now(i % 2 == 0 ? DigestLevel.Error : DigestLevel.Warning, i % 2 == 0 ? SlowCheckout : DatabaseDown));

        // The database keeps failing slowly past its repeat; checkout recovers (quiet).
        await h.LogEveryAsync(S(5), TimeSpan.FromMinutes(5), _ => h.Now(DigestLevel.Error, DatabaseDown));

        // The database recovers (quiet), then fails again (back).
        await h.AdvanceAsync(TimeSpan.FromMinutes(3));
        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Approvals.Verify(Render(h), "alert-story");
    }

    private static string Render(EngineHarness h)
    {
        var sb = new StringBuilder();
        foreach (var digest in h.Sent)
        {
            var m = digest.Message;
            sb.Append("===== +").Append((digest.At - EngineHarness.Start).ToString(@"hh\:mm\:ss")).Append(" =====\n");
            sb.Append("title: ").Append(m.Title).Append('\n');
            sb.Append("at: ").Append(m.At is null ? "(none)" : string.Join(", ", m.At.AtMobiles)).Append('\n');
            foreach (var line in m.Text.Split('\n'))
            {
                // The heading names this machine and its environment: not part of what is approved.
                sb.Append(line.StartsWith("### ", StringComparison.Ordinal) ? "### OrderService · (environment) · (host)" : line).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
