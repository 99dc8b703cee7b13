namespace Ipv6Lambda.AwsDouble;

/// <summary>
/// One request as the double received it. It is recorded before any fault or answer, so a test can prove the order
/// of calls and that no write happened; <see cref="StatusCode"/> is 0 until the answer is written, and stays 0 for a
/// <see cref="Fault.ConnectionReset"/>.
/// </summary>
public sealed record RecordedRequest(
    DateTimeOffset ReceivedAt,
    string Service,
    string Operation,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int StatusCode)
{
    /// <summary>CreateStack and DeleteStack: the operations that change the account.</summary>
    public bool IsWrite => AwsDoubleServer.WriteOperations.Contains(Operation);

    /// <summary>A header by case-insensitive name, or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A form field of a Query-protocol body (e.g. "StackName"), or null.</summary>
    public string? FormValue(string name) =>
        QueryForm.Parse(Body).TryGetValue(name, out var value) ? value : null;
}
