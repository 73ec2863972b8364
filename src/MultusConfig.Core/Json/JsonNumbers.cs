using System.Text.Json.Nodes;

namespace MultusConfig.Core.Json;

/// <summary>
/// Reads numbers from JSON values whatever backs them: parsed text (a JsonElement) or a CLR number put
/// in by code, for which JsonValue only converts to the exact type it holds.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryGetInt64(JsonValue v, out long value)
    {
        if (v.TryGetValue(out value)) return true;
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out uint ui)) { value = ui; return true; }
        if (v.TryGetValue(out short s)) { value = s; return true; }
        if (v.TryGetValue(out byte b)) { value = b; return true; }
        if (v.TryGetValue(out ulong ul) && ul <= long.MaxValue) { value = (long)ul; return true; }
        if (TryGetDouble(v, out var d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758e18) { value = (long)d; return true; }
        value = 0;
        return false;
    }

    public static bool TryGetDouble(JsonValue v, out double value)
    {
        if (v.TryGetValue(out value)) return double.IsFinite(value);
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out ulong ul)) { value = ul; return true; }
        if (v.TryGetValue(out uint ui)) { value = ui; return true; }
        if (v.TryGetValue(out float f)) { value = f; return float.IsFinite(f); }
        if (v.TryGetValue(out decimal m)) { value = (double)m; return true; }
        if (v.TryGetValue(out short s)) { value = s; return true; }
        if (v.TryGetValue(out byte b)) { value = b; return true; }
        value = 0;
        return false;
    }
}
