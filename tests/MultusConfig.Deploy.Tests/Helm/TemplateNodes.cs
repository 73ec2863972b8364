namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>The parsed form of the Go-template subset our chart may use.</summary>
internal abstract record TemplateNode;

internal sealed record TextNode(string Text) : TemplateNode;

/// <summary><c>{{ pipeline }}</c>: a value, then functions each taking the previous result as its last argument.</summary>
internal sealed record OutputNode(IReadOnlyList<Command> Pipeline) : TemplateNode;

internal sealed record IfNode(IReadOnlyList<Command> Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode> Else) : TemplateNode;

/// <summary><c>{{ with X }}</c>: the body with dot set to X, skipped when X is empty.</summary>
internal sealed record WithNode(IReadOnlyList<Command> Value, IReadOnlyList<TemplateNode> Body) : TemplateNode;

/// <summary>One command of a pipeline: a function name (or null for a bare operand) and its operands.</summary>
internal sealed record Command(string? Function, IReadOnlyList<string> Operands);
