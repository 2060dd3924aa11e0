using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The tally a full queue's callers count their events in: per template and level while a slot holds the template,
/// per level otherwise, exactly, from many threads at once.
/// </summary>
public sealed class DropTallyTests
{
    [Fact]
    public void Each_template_and_level_is_counted_apart()
    {
        var tally = new DropTally();
        for (var i = 0; i < 3; i++)
        {
            tally.Count("Timeout calling {Service}", DigestLevel.Error);
        }

        tally.Count("Timeout calling {Service}", DigestLevel.Warning);
        tally.Count("Disk full on {Volume}", DigestLevel.Fatal);

        var taken = Taken.From(tally);

        Assert.Equal(3, taken.Of("Timeout calling {Service}", DigestLevel.Error));
        Assert.Equal(1, taken.Of("Timeout calling {Service}", DigestLevel.Warning));
        Assert.Equal(1, taken.Of("Disk full on {Volume}", DigestLevel.Fatal));
        Assert.Equal(5, taken.Total);
        Assert.Equal(0, taken.UnattributedTotal);
    }

    [Theory]
    [InlineData("Timeout calling {Service}")]
    [InlineData("Payment {PaymentId} for order {OrderId} failed")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("维护中：{Service} 不可用")]
    public void A_templates_home_slot_comes_from_its_length_and_five_characters(string template)
    {
        // The sample hash, step by step; the tally computes the same value as a sum of products (no serial chain).
        var n = template.Length;
        var hash = 0;
        if (n > 0)
        {
            unchecked
            {
                hash = (n * 31) + template[0];
                hash = (hash * 31) + template[n >> 2];
                hash = (hash * 31) + template[n >> 1];
                hash = (hash * 31) + template[n - 1 - (n >> 2)];
                hash = (hash * 31) + template[n - 1];
            }
        }

        var tally = new DropTally(slots: 64);
        Assert.Equal((int)(((uint)hash * 0x9E3779B1u) >> 26), tally.HomeSlot(template));
    }

    [Fact]
    public void Counting_allocates_nothing_at_the_home_slot_away_from_it_or_per_level()
    {
        // One slot: the first template holds it, the second is counted per level; in a full-size table, of two
        // templates with the same home slot, the second is counted one slot away from its home.
        var small = new DropTally(slots: 1);
        var table = new DropTally();
        var (first, second) = Colliding(table);
        for (var i = 0; i < 100; i++)
        {
            small.Count("A {X}", DigestLevel.Error);
            small.Count("B {Y}", DigestLevel.Error);
            table.Count(first, DigestLevel.Warning);
            table.Count(second, DigestLevel.Warning);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            small.Count("A {X}", DigestLevel.Error);
            small.Count("B {Y}", DigestLevel.Error);
            small.Count(null, DigestLevel.Fatal);
            table.Count(first, DigestLevel.Warning);
            table.Count(second, DigestLevel.Warning);
        }

        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        var smallTaken = Taken.From(small);
        Assert.Equal(1_100, smallTaken.Of("A {X}", DigestLevel.Error));
        Assert.Equal(1_100, smallTaken.Unattributed[(int)DigestLevel.Error]);
        Assert.Equal(1_000, smallTaken.Unattributed[(int)DigestLevel.Fatal]);
        var tableTaken = Taken.From(table);
        Assert.Equal(1_100, tableTaken.Of(first, DigestLevel.Warning));
        Assert.Equal(1_100, tableTaken.Of(second, DigestLevel.Warning));
    }

    [Fact]
    public void A_take_hands_over_each_count_once()
    {
        var tally = new DropTally();
        tally.Count("A {X}", DigestLevel.Error);
        tally.Count(null, DigestLevel.Error);

        Assert.Equal(2, Taken.From(tally).Total);
        Assert.Equal(0, Taken.From(tally).Total);
    }

    [Fact]
    public void Another_instance_of_the_same_text_is_counted_under_the_same_template()
    {
        // One slot: a second instance that took a slot of its own would be counted per level instead.
        var tally = new DropTally(slots: 1);
        var literal = "Order {OrderId} failed";
        var built = new string("Order {OrderId} failed".ToCharArray());
        Assert.NotSame(literal, built);

        tally.Count(literal, DigestLevel.Error);
        tally.Count(built, DigestLevel.Error);

        var taken = Taken.From(tally);
        Assert.Equal(2, taken.Of(literal, DigestLevel.Error));
        Assert.Equal(0, taken.UnattributedTotal);
    }

    [Fact]
    public void Templates_whose_home_slot_collides_are_both_attributed()
    {
        var tally = new DropTally(slots: 8);
        var (first, second) = Colliding(tally);

        tally.Count(first, DigestLevel.Error);
        tally.Count(second, DigestLevel.Error);
        tally.Count(second, DigestLevel.Error);

        var taken = Taken.From(tally);
        Assert.Equal(1, taken.Of(first, DigestLevel.Error));
        Assert.Equal(2, taken.Of(second, DigestLevel.Error));
        Assert.Equal(0, taken.UnattributedTotal);
    }

    [Fact]
    public void When_no_slot_is_left_the_event_is_counted_per_level()
    {
        var tally = new DropTally(slots: 2);
        tally.Count("A {X}", DigestLevel.Error);
        tally.Count("B {X}", DigestLevel.Error);

        tally.Count("C {X}", DigestLevel.Warning);
        tally.Count("C {X}", DigestLevel.Error);
        tally.Count(null, DigestLevel.Fatal);

        var taken = Taken.From(tally);
        Assert.Equal(1, taken.Of("A {X}", DigestLevel.Error));
        Assert.Equal(1, taken.Of("B {X}", DigestLevel.Error));
        Assert.Equal(0, taken.Of("C {X}", DigestLevel.Error));
        Assert.Equal(1, taken.Unattributed[(int)DigestLevel.Warning]);
        Assert.Equal(1, taken.Unattributed[(int)DigestLevel.Error]);
        Assert.Equal(1, taken.Unattributed[(int)DigestLevel.Fatal]);
        Assert.Equal(5, taken.Total);
    }

    [Fact]
    public void A_slot_left_empty_for_a_few_takes_is_freed_for_another_template()
    {
        var tally = new DropTally(slots: 1);
        tally.Count("A {X}", DigestLevel.Error);
        Assert.Equal(1, Taken.From(tally).Of("A {X}", DigestLevel.Error));

        for (var i = 0; i < DropTally.IdleTakesBeforeRelease; i++)
        {
            Taken.From(tally);
        }

        tally.Count("B {X}", DigestLevel.Error);
        Assert.Equal(1, Taken.From(tally).Of("B {X}", DigestLevel.Error));
    }

    [Fact]
    public void A_slot_in_use_is_kept_by_its_template()
    {
        var tally = new DropTally(slots: 1);
        for (var i = 0; i < DropTally.IdleTakesBeforeRelease * 2; i++)
        {
            tally.Count("A {X}", DigestLevel.Error);
            Taken.From(tally);
        }

        tally.Count("B {X}", DigestLevel.Error);
        var taken = Taken.From(tally);
        Assert.Equal(0, taken.Of("B {X}", DigestLevel.Error));
        Assert.Equal(1, taken.Unattributed[(int)DigestLevel.Error]);
    }

    [Fact]
    public void Taking_everything_as_one_number_counts_attributed_and_unattributed_events()
    {
        var tally = new DropTally(slots: 1);
        tally.Count("A {X}", DigestLevel.Error);
        tally.Count("B {X}", DigestLevel.Error);
        tally.Count(null, DigestLevel.Debug);

        Assert.Equal(3, tally.TakeAll());
        Assert.Equal(0, tally.TakeAll());
    }

    [Fact]
    public async Task Eight_threads_and_a_taking_reader_lose_and_misattribute_nothing()
    {
        // Templates whose home slots are a probe length apart: none can ever take another's slot, so even with the
        // reader freeing idle slots while the writers count, every event must come back under its own template.
        var tally = new DropTally(slots: 64);
        var templates = ApartTemplates(tally, 8);
        const int perThread = 200_000;
        var taken = new Taken();
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                taken.Add(tally);
            }
        });

        var writers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                tally.Count(templates[(i + t) % templates.Length], (DigestLevel)(i % 6));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        done.Cancel();
        await reader;
        taken.Add(tally);

        // Exact per template and level: a writer that counts in a slot the reader is freeing is taken under the
        // template freed, and only that template can claim the slot again.
        Assert.Equal(8L * perThread, taken.Total);
        for (var level = 0; level < 6; level++)
        {
            for (var k = 0; k < templates.Length; k++)
            {
                Assert.Equal(Expected(k, level), taken.Of(templates[k], (DigestLevel)level));
            }
        }

        Assert.Equal(0, taken.UnattributedTotal);

        long Expected(int template, int level)
        {
            long n = 0;
            for (var t = 0; t < 8; t++)
            {
                for (var i = level; i < perThread; i += 6)
                {
                    n += (i + t) % templates.Length == template ? 1 : 0;
                }
            }

            return n;
        }
    }

    [Fact]
    public async Task Eight_threads_counting_one_template_lose_nothing()
    {
        // Every thread on the same count: the flood's case, and the one a lost update would show in.
        var tally = new DropTally();
        const int perThread = 250_000;
        var taken = new Taken();
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                taken.Add(tally);
            }
        });

        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                tally.Count("Timeout calling {Service}", DigestLevel.Error);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        done.Cancel();
        await reader;
        taken.Add(tally);

        Assert.Equal(8L * perThread, taken.Of("Timeout calling {Service}", DigestLevel.Error) + taken.Unattributed[(int)DigestLevel.Error]);
        Assert.Equal(8L * perThread, taken.Total);
    }

    [Fact]
    public async Task Eight_threads_on_a_full_table_count_every_event_at_its_level()
    {
        // More templates than slots: which ones get a slot is a race, but every event is counted once, at its level.
        var tally = new DropTally(slots: 4);
        const int perThread = 100_000;
        var taken = new Taken();
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                taken.Add(tally);
            }
        });

        var writers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                tally.Count("Template " + ((i + t) % 32).ToString("D2", null), i % 2 == 0 ? DigestLevel.Error : DigestLevel.Warning);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        done.Cancel();
        await reader;
        taken.Add(tally);

        Assert.Equal(8L * perThread, taken.Total);
        Assert.Equal(4L * perThread, taken.LevelTotal(DigestLevel.Error));
        Assert.Equal(4L * perThread, taken.LevelTotal(DigestLevel.Warning));
        Assert.True(taken.UnattributedTotal > 0, "32 templates cannot all fit in 4 slots");
    }

    private static (string First, string Second) Colliding(DropTally tally)
    {
        var first = "Template 0 {X}";
        for (var i = 1; i < 10_000; i++)
        {
            var candidate = "Template " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " {X}";
            if (tally.HomeSlot(candidate) == tally.HomeSlot(first))
            {
                return (first, candidate);
            }
        }

        throw new InvalidOperationException("no colliding template found");
    }

    private static string[] ApartTemplates(DropTally tally, int count)
    {
        var chosen = new List<string>();
        for (var i = 0; chosen.Count < count && i < 100_000; i++)
        {
            // The home slot samples a template's length and five characters: vary both.
            var candidate = "Failure " + new string((char)('a' + (i % 26)), 1 + (i / 26)) + " calling {Service}";
            var home = tally.HomeSlot(candidate);
            if (chosen.All(c => Distance(tally.HomeSlot(c), home, tally.Slots) >= DropTally.ProbeLength))
            {
                chosen.Add(candidate);
            }
        }

        Assert.Equal(count, chosen.Count);
        return chosen.ToArray();
    }

    private static int Distance(int a, int b, int slots)
    {
        var d = Math.Abs(a - b);
        return Math.Min(d, slots - d);
    }

    /// <summary>What takes handed over, added up.</summary>
    private sealed class Taken
    {
        private readonly Dictionary<(string, DigestLevel), long> _attributed = new();

        public long[] Unattributed { get; } = new long[6];

        public long Total => _attributed.Values.Sum() + Unattributed.Sum();

        public long UnattributedTotal => Unattributed.Sum();

        public static Taken From(DropTally tally)
        {
            var taken = new Taken();
            taken.Add(tally);
            return taken;
        }

        public long Of(string template, DigestLevel level) => _attributed.GetValueOrDefault((template, level));

        public long LevelTotal(DigestLevel level)
            => _attributed.Where(p => p.Key.Item2 == level).Sum(p => p.Value) + Unattributed[(int)level];

        public void Add(DropTally tally)
        {
            var receiver = new Receiver(this);
            tally.Take(ref receiver);
        }

        private readonly struct Receiver : IDropTallyReceiver
        {
            private readonly Taken _taken;

            public Receiver(Taken taken) => _taken = taken;

            public void Attributed(string template, DigestLevel level, long count)
            {
                Assert.True(count > 0);
                _taken._attributed[(template, level)] = _taken.Of(template, level) + count;
            }

            public void Unattributed(DigestLevel level, long count)
            {
                Assert.True(count > 0);
                _taken.Unattributed[(int)level] += count;
            }
        }
    }
}
