using System.Globalization;
using System.Text;

namespace MultusConfig.Operator.Kube;

/// <summary>Builds <c>?a=1&amp;b=2</c>, leaving out parameters without a value.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _text = new();

    public QueryString Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string name, int? value) => value is { } v ? Add(name, v.ToString(CultureInfo.InvariantCulture)) : this;

    public override string ToString() => _text.ToString();
}
