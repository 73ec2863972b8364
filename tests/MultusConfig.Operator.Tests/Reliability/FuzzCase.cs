namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>One request the fuzzer sends: where, what bytes, with which Content-Type, and how it was made (for the failure message).</summary>
internal sealed record FuzzCase(int Index, string Path, byte[] Body, string? ContentType, string Description);
