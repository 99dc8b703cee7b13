using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ipv6Lambda.AwsDouble;

/// <summary>Lambda 2015-03-31 over REST-JSON: GetFunctionConfiguration and Invoke of the probe handler.</summary>
internal sealed class LambdaApi(FakeCloud cloud)
{
    public const string PathPrefix = "/2015-03-31/functions/";

    private const string Ipv6Remote = "2607:f8b0:4004:c1b::8a";
    private const string Ipv4Remote = "142.250.80.46";

    public static string OperationOf(string method, string path) =>
        (method, path) switch
        {
            ("GET", _) when path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.EndsWith("/configuration", StringComparison.Ordinal) => "GetFunctionConfiguration",
            ("POST", _) when path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.EndsWith("/invocations", StringComparison.Ordinal) => "Invoke",
            _ => "Unknown",
        };

    public DoubleResponse Handle(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        var operation = OperationOf(method, path);
        if (operation == "Unknown")
        {
            throw new AwsErrorException(404, "UnknownOperationException", $"Unknown operation {method} {path}");
        }

        var name = Uri.UnescapeDataString(path[PathPrefix.Length..path.LastIndexOf('/')]);
        return operation == "Invoke" ? Invoke(name, headers, body) : GetFunctionConfiguration(name);
    }

    private DoubleResponse GetFunctionConfiguration(string name) => cloud.WithLiveWorlds(worlds =>
    {
        var (function, _) = Find(worlds, name);
        var timeline = function.StateTimeline;
        var pending = function.ConfigurationReads < timeline.PendingCalls;
        function.ConfigurationReads++;
        var state = pending ? "Pending" : timeline.FinalState;
        var configuration = new JsonObject
        {
            ["FunctionName"] = function.FunctionName,
            ["FunctionArn"] = function.FunctionArn,
            ["Runtime"] = function.Runtime,
            ["Role"] = function.Role,
            ["Handler"] = function.Handler,
            ["CodeSize"] = 2931,
            ["Description"] = "Requests a URL over IPv6 only and returns what it reached",
            ["Timeout"] = function.Timeout,
            ["MemorySize"] = function.MemorySize,
            ["LastModified"] = "2026-01-01T12:00:00.000+0000",
            ["CodeSha256"] = "Vx0rVbdnEO4a5oGnHJwGqb6Ff4j7Q6uSK5x0c2b0bWc=",
            ["Version"] = "$LATEST",
            ["VpcConfig"] = new JsonObject
            {
                ["SubnetIds"] = new JsonArray([.. function.SubnetIds.Select(s => (JsonNode?)s)]),
                ["SecurityGroupIds"] = new JsonArray([.. function.SecurityGroupIds.Select(s => (JsonNode?)s)]),
                ["VpcId"] = function.VpcId,
                ["Ipv6AllowedForDualStack"] = function.Ipv6AllowedForDualStack,
            },
            ["Environment"] = new JsonObject
            {
                ["Variables"] = new JsonObject([.. function.Environment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            },
            ["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" },
            ["RevisionId"] = "6d1f4a52-3f0e-4b6c-9c1a-2e8f7b5d4c3a",
            ["State"] = state,
            ["StateReason"] = pending ? "The function is being created." : timeline.StateReason,
            ["StateReasonCode"] = pending ? "Creating" : timeline.StateReasonCode,
            ["LastUpdateStatus"] = pending ? "InProgress" : timeline.FinalState == "Failed" ? "Failed" : "Successful",
            ["PackageType"] = "Zip",
            ["Architectures"] = new JsonArray("x86_64"),
            ["EphemeralStorage"] = new JsonObject { ["Size"] = 512 },
            ["LoggingConfig"] = new JsonObject { ["LogFormat"] = function.LogFormat, ["LogGroup"] = function.LogGroup },
        };
        return Json(200, configuration.ToJsonString());
    });

    private DoubleResponse Invoke(string name, IReadOnlyDictionary<string, string> headers, string body)
    {
        JsonObject? evt;
        try
        {
            evt = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException error)
        {
            throw new AwsErrorException(400, "InvalidRequestContentException", $"Could not parse request body into json: {error.Message}");
        }

        var invocationType = headers.GetValueOrDefault("X-Amz-Invocation-Type") ?? "RequestResponse";
        var tail = string.Equals(headers.GetValueOrDefault("X-Amz-Log-Type"), "Tail", StringComparison.OrdinalIgnoreCase);
        var scenario = cloud.Scenario;
        var (function, outcome, family, url) = cloud.WithLiveWorlds(worlds =>
        {
            var (function, world) = Find(worlds, name);
            var timeline = function.StateTimeline;
            var state = function.ConfigurationReads < timeline.PendingCalls ? "Pending" : timeline.FinalState;
            if (state != "Active")
            {
                throw new AwsErrorException(409, "ResourceConflictException",
                    $"The operation cannot be performed at this time. The function is currently in the following state: {state}");
            }

            var family = (evt?["family"]?.ToString() ?? "ipv6").ToLowerInvariant();
            var url = evt?["url"]?.ToString() is { Length: > 0 } u ? u : function.Environment.GetValueOrDefault("PROBE_URL") ?? WorldBuilder.DefaultProbeUrl;
            var outcome = family switch
            {
                "ipv6" => scenario.Ipv6Probe ?? ProbeModel.Ipv6(world, function),
                "ipv4" => scenario.Ipv4Probe ?? ProbeModel.Ipv4(world, function),
                _ => new ProbeOutcome(false, null, null, $"ValueError: family must be 'ipv6' or 'ipv4', not '{family}'", 0),
            };
            return (function, outcome, family, url);
        });

        var requestId = Guid.NewGuid().ToString();
        var responseHeaders = new Dictionary<string, string>
        {
            ["x-amzn-RequestId"] = requestId,
            ["X-Amz-Executed-Version"] = "$LATEST",
        };
        if (invocationType == "DryRun")
        {
            return new DoubleResponse(204, "application/json", "", responseHeaders);
        }

        if (invocationType == "Event")
        {
            return new DoubleResponse(202, "application/json", "", responseHeaders);
        }

        var addressFamily = family switch { "ipv6" => "IPv6", "ipv4" => "IPv4", _ => null };
        string payload;
        string logLine;
        if (scenario.FunctionError is { } functionError)
        {
            responseHeaders["X-Amz-Function-Error"] = functionError;
            payload = Python(
                ("errorMessage", $"RequestId: {requestId} Error: Runtime exited with error: signal: killed"),
                ("errorType", "Runtime.ExitError"));
            logLine = $"RequestId: {requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError";
        }
        else
        {
            (string, object?)[] fields =
            [
                ("ok", outcome.Ok), ("url", url), ("status", outcome.Status), ("remoteAddress", outcome.RemoteAddress),
                ("addressFamily", addressFamily), ("elapsedMs", outcome.ElapsedMs), ("error", outcome.Error),
            ];
            payload = Python(fields);
            logLine = "{\"probe\": " + Python([.. fields.OrderBy(f => f.Item1, StringComparer.Ordinal)]) + "}";
        }

        if (tail)
        {
            var log = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"START RequestId: {requestId} Version: $LATEST\n")
                .Append(logLine).Append('\n')
                .Append(CultureInfo.InvariantCulture, $"END RequestId: {requestId}\n")
                .Append(CultureInfo.InvariantCulture,
                    $"REPORT RequestId: {requestId}\tDuration: {outcome.ElapsedMs + 3}.00 ms\tBilled Duration: {outcome.ElapsedMs + 4} ms\t" +
                    $"Memory Size: {function.MemorySize} MB\tMax Memory Used: 48 MB\t\n")
                .ToString();
            var bytes = Encoding.UTF8.GetBytes(log);

            // Lambda returns at most the last 4 KB of the log.
            responseHeaders["X-Amz-Log-Result"] = Convert.ToBase64String(bytes.Length > 4096 ? bytes[^4096..] : bytes);
        }

        return Json(200, payload, responseHeaders);
    }

    private static (LambdaFunction Function, DeployedWorld World) Find(IReadOnlyList<DeployedWorld> worlds, string name)
    {
        foreach (var world in worlds)
        {
            foreach (var function in world.Functions)
            {
                if (function.FunctionName == name || function.FunctionArn == name || name.StartsWith(function.FunctionArn + ":", StringComparison.Ordinal))
                {
                    return (function, world);
                }
            }
        }

        var arn = name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:lambda:{worlds.FirstOrDefault()?.Region ?? "us-east-1"}:{worlds.FirstOrDefault()?.Account ?? Scenario.DefaultAccount}:function:{name}";
        throw new AwsErrorException(404, "ResourceNotFoundException", $"Function not found: {arn}");
    }

    // Python's json.dumps layout (", " and ": "), which is what the handler's runtime emits.
    private static string Python(params (string Key, object? Value)[] fields) =>
        "{" + string.Join(", ", fields.Select(f => JsonSerializer.Serialize(f.Key) + ": " + f.Value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            int i => i.ToString(CultureInfo.InvariantCulture),
            var other => JsonSerializer.Serialize(other.ToString()),
        })) + "}";

    private static DoubleResponse Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "application/json", body, headers ?? new Dictionary<string, string> { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() });

    /// <summary>What the probe would find on the network the world describes.</summary>
    private static class ProbeModel
    {
        private static readonly ProbeOutcome Unreachable = new(false, null, null, "OSError: [Errno 101] Network is unreachable", 2);
        private static readonly ProbeOutcome TimedOut = new(false, null, null, "TimeoutError: timed out", 10_003);

        public static ProbeOutcome Ipv6(DeployedWorld world, LambdaFunction function)
        {
            if (!function.Ipv6AllowedForDualStack)
            {
                return Unreachable;
            }

            foreach (var subnetId in function.SubnetIds)
            {
                var subnet = world.Subnets.FirstOrDefault(s => s.SubnetId == subnetId);
                if (subnet?.Ipv6CidrBlock is null || !world.NetworkInterfaces.Any(e => e.SubnetId == subnetId && e.Ipv6Addresses.Count > 0))
                {
                    return Unreachable;
                }

                var route = world.RouteTableOf(subnetId)?.Routes.FirstOrDefault(r => r.DestinationIpv6CidrBlock == "::/0" && r.State == "active");
                var viaEgressOnly = route?.EgressOnlyInternetGatewayId is { } eigw
                    && world.EgressOnlyInternetGateways.Any(g => g.EgressOnlyInternetGatewayId == eigw && g.AttachedVpcId == subnet.VpcId);
                var viaInternetGateway = route?.GatewayId is { } igw
                    && world.InternetGateways.Any(g => g.InternetGatewayId == igw && g.AttachedVpcId == subnet.VpcId);
                if (!viaEgressOnly && !viaInternetGateway)
                {
                    return TimedOut;
                }
            }

            return AllowsHttps(world, function, "::/0") ? new ProbeOutcome(true, 200, Ipv6Remote, null) : TimedOut;
        }

        public static ProbeOutcome Ipv4(DeployedWorld world, LambdaFunction function)
        {
            foreach (var subnetId in function.SubnetIds)
            {
                var subnet = world.Subnets.FirstOrDefault(s => s.SubnetId == subnetId);
                var route = world.RouteTableOf(subnetId)?.Routes.FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0" && r.State == "active");
                var viaInternetGateway = route?.GatewayId is { } igw
                    && world.InternetGateways.Any(g => g.InternetGatewayId == igw && g.AttachedVpcId == subnet?.VpcId);
                var viaNat = route?.NatGatewayId is { } nat && world.NatGateways.Any(n => n.NatGatewayId == nat && n.State == "available");
                if (!viaInternetGateway && !viaNat)
                {
                    return TimedOut;
                }
            }

            return AllowsHttps(world, function, "0.0.0.0/0") ? new ProbeOutcome(true, 200, Ipv4Remote, null, 41) : TimedOut;
        }

        private static bool AllowsHttps(DeployedWorld world, LambdaFunction function, string anywhere) =>
            world.SecurityGroups
                .Where(g => function.SecurityGroupIds.Contains(g.GroupId))
                .SelectMany(g => g.Egress)
                .Any(p => (p.IpProtocol == "-1" || (p.IpProtocol == "tcp" && p.FromPort <= 443 && p.ToPort >= 443))
                    && (p.CidrIpv6s.Contains(anywhere) || p.CidrIps.Contains(anywhere)));
    }
}
