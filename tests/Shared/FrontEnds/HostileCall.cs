using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// One logging call of the hostile-input property: its level (0–5), text, and the kinds (indices into
/// <see cref="Hostile"/>) of its exception, property value and scope. Each front end makes the call through what it
/// lets an application hand it: Serilog takes the text as the template (or as a property beside a destructured
/// <c>{@Value}</c>); MEL takes it as the category, the event id's name and the template of a structured state, with a
/// scope and, at times, a formatter that throws. Printed without its megabytes.
/// </summary>
internal sealed record HostileCall(int Level, string Text, int ExceptionKind, int ValueKind, int ScopeKind, bool TextIsTemplate, bool FormatterThrows)
{
    public override string ToString()
        => $"HostileCall(level {Level}, text {Hostile.Describe(Text)}, exception {ExceptionKind}, value {ValueKind}, scope {ScopeKind}, as template {TextIsTemplate}, formatter throws {FormatterThrows})";
}
