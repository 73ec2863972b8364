using System.Text;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>A change to the serialized body: what a JSON tree cannot express (bad bytes, cut-offs, repeated keys).</summary>
internal abstract record ByteMutation
{
    public abstract (byte[] Body, string Description) Apply(byte[] body);

    protected static int Pick(double at, int length) => Math.Min((int)(at * length), Math.Max(length - 1, 0));
}

/// <summary>The body cut off at a position, as a truncated upload with a matching Content-Length.</summary>
internal sealed record Truncate(double At) : ByteMutation
{
    public override (byte[] Body, string Description) Apply(byte[] body)
    {
        var length = Pick(At, body.Length);
        return (body[..length], $"truncated to {length} of {body.Length} bytes");
    }
}

/// <summary>Bytes that are not UTF-8 (a stray continuation byte, an overlong form, a surrogate, 0xFF) inserted somewhere.</summary>
internal sealed record InvalidUtf8(double At, byte[] Bytes) : ByteMutation
{
    public override (byte[] Body, string Description) Apply(byte[] body)
    {
        var at = Pick(At, body.Length);
        return ([.. body[..at], .. Bytes, .. body[at..]], $"invalid UTF-8 {Convert.ToHexString(Bytes)} at byte {at}");
    }
}

/// <summary>A key repeated in one object: the N-th object (counting '{' bytes) gets a second copy of its first member.</summary>
internal sealed record DuplicateKey(double At, string Key) : ByteMutation
{
    public override (byte[] Body, string Description) Apply(byte[] body)
    {
        var opens = new List<int>();
        for (var i = 0; i < body.Length; i++)
            if (body[i] == (byte)'{') opens.Add(i);
        if (opens.Count == 0) return (body, "duplicate key (no object)");
        var at = opens[Pick(At, opens.Count)] + 1;
        var insert = Encoding.UTF8.GetBytes($"\"{Key}\":\"dup\",\"{Key}\":\"dup2\",");
        return ([.. body[..at], .. insert, .. body[at..]], $"duplicate key {Key} in the object at byte {at - 1}");
    }
}

/// <summary>One byte overwritten.</summary>
internal sealed record FlipByte(double At, byte Value) : ByteMutation
{
    public override (byte[] Body, string Description) Apply(byte[] body)
    {
        if (body.Length == 0) return (body, "flip (empty)");
        var at = Pick(At, body.Length);
        var copy = (byte[])body.Clone();
        copy[at] = Value;
        return (copy, $"byte {at} := 0x{Value:X2}");
    }
}
