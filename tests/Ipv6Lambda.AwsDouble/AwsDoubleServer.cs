using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ipv6Lambda.AwsDouble;

/// <summary>
/// A loopback fake of the CloudFormation, EC2, STS and Lambda operations this suite uses, on one ephemeral
/// 127.0.0.1 port. The service is told apart by the SigV4 credential scope (…/region/service/aws4_request), so
/// AWS_ENDPOINT_URL=<see cref="Endpoint"/> points every SDK client at it.
/// </summary>
public sealed partial class AwsDoubleServer : IAsyncDisposable
{
    /// <summary>The operations that change the account.</summary>
    public static IReadOnlySet<string> WriteOperations { get; } = new HashSet<string>(StringComparer.Ordinal) { "CreateStack", "DeleteStack" };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly CloudFormationApi _cloudFormation;
    private readonly Ec2Api _ec2;
    private readonly LambdaApi _lambda;

    private AwsDoubleServer(WebApplication app, Scenario scenario)
    {
        _app = app;
        Scenario = scenario;
        Cloud = new FakeCloud(scenario);
        _cloudFormation = new CloudFormationApi(Cloud);
        _ec2 = new Ec2Api(Cloud);
        _lambda = new LambdaApi(Cloud);
        Endpoint = new Uri("http://127.0.0.1/");
    }

    public Uri Endpoint { get; private set; }

    public Scenario Scenario { get; }

    /// <summary>The world: stacks, EC2 objects, Lambda functions (thread-safe).</summary>
    public FakeCloud Cloud { get; }

    public FaultPlan Faults { get; } = new();

    /// <summary>A snapshot copy of every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests for one operation, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string operation) =>
        [.. Requests.Where(r => string.Equals(r.Operation, operation, StringComparison.Ordinal))];

    /// <summary>The CreateStack / DeleteStack requests, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> WriteRequests => [.. Requests.Where(r => r.IsWrite)];

    /// <summary>Whether any CreateStack or DeleteStack arrived (even one that was then faulted or rejected).</summary>
    public bool AnyWriteCalled => Requests.Any(r => r.IsWrite);

    /// <summary>The arrival index of the first request for <paramref name="operation"/>, or -1.</summary>
    public int IndexOf(string operation)
    {
        var requests = Requests;
        for (var i = 0; i < requests.Count; i++)
        {
            if (string.Equals(requests[i].Operation, operation, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The operations in arrival order, e.g. ["GetCallerIdentity", "ValidateTemplate", "CreateStack", …].</summary>
    public IReadOnlyList<string> OperationOrder => [.. Requests.Select(r => r.Operation)];

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Binds Kestrel to http://127.0.0.1:0 and starts serving <paramref name="scenario"/> (default: healthy).</summary>
    public static async Task<AwsDoubleServer> StartAsync(Scenario? scenario = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new AwsDoubleServer(app, scenario ?? Scenario.Healthy());
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Polls <paramref name="condition"/> with backoff (10 ms doubling to 200 ms) until it holds or the deadline passes.</summary>
    public Task WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken, string? what = null) =>
        Poll.UntilAsync(condition, timeout, cancellationToken, what);

    /// <summary>Waits until a request for <paramref name="operation"/> has arrived and returns the first one.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(string operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(() => IndexOf(operation) >= 0, timeout, cancellationToken, $"a {operation} request");
        return RequestsFor(operation)[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"Credential=(?<akid>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialScope();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var path = request.Path.Value ?? "/";
        var form = request.Method == HttpMethods.Post && !path.StartsWith(LambdaApi.PathPrefix, StringComparison.Ordinal)
            ? QueryForm.Parse(body)
            : [];
        foreach (var (key, value) in request.Query)
        {
            form.TryAdd(key, value.ToString());
        }

        var authorization = request.Headers.Authorization.ToString();
        var scope = CredentialScope().Match(authorization);
        var service = scope.Success ? scope.Groups["service"].Value : GuessService(path, form);
        var operation = service == "lambda"
            ? LambdaApi.OperationOf(request.Method, path)
            : form.GetValueOrDefault("Action") ?? "Unknown";

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(
            DateTimeOffset.UtcNow, service, operation, request.Method, path + request.QueryString, headers, body, 0);
        Record(recorded);

        DoubleResponse response;
        try
        {
            if (string.IsNullOrEmpty(authorization))
            {
                throw new AwsErrorException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            }

            if (!authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal) || !scope.Success)
            {
                throw new AwsErrorException(403, "IncompleteSignature",
                    $"Authorization header requires 'Credential' parameter with a SigV4 credential scope. Authorization={authorization}");
            }

            var fault = Faults.Take(operation);
            if (fault is Fault.Delay delay)
            {
                await Task.Delay(delay.Duration, context.RequestAborted);
            }
            else if (fault is Fault.ConnectionReset)
            {
                context.Abort();
                return;
            }
            else if (fault is Fault.Throttle)
            {
                throw service switch
                {
                    "ec2" => new AwsErrorException(503, "RequestLimitExceeded", "Request limit exceeded."),
                    "lambda" => new AwsErrorException(429, "TooManyRequestsException", "Rate Exceeded."),
                    _ => new AwsErrorException(400, "Throttling", "Rate exceeded"),
                };
            }
            else if (fault is Fault.ServerError serverError)
            {
                throw service switch
                {
                    "ec2" => new AwsErrorException(serverError.StatusCode, serverError.StatusCode == 503 ? "Unavailable" : "InternalError",
                        "An internal error has occurred", "Receiver"),
                    "lambda" => new AwsErrorException(serverError.StatusCode, "ServiceException", "An internal error occurred.", "Service"),
                    _ => new AwsErrorException(serverError.StatusCode, serverError.StatusCode == 503 ? "ServiceUnavailable" : "InternalFailure",
                        "The request processing has failed because of an unknown error, exception or failure.", "Receiver"),
                };
            }

            response = service switch
            {
                "cloudformation" => _cloudFormation.Handle(operation, form),
                "ec2" => _ec2.Handle(operation, form),
                "sts" => StsApi.Handle(Cloud, operation),
                "lambda" => _lambda.Handle(request.Method, path, headers, body),
                _ => throw new AwsErrorException(400, "UnknownService", $"The AWS double does not serve '{service}'."),
            };
        }
        catch (AwsErrorException error)
        {
            response = Wire.Error(service, error);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A defect in the double (or in a test's world mutation) must reach the test as a readable answer,
            // not as an empty Kestrel 500 that a client retries.
            response = Wire.Error(service, new AwsErrorException(500, "InternalFailure", $"AWS double defect: {error}", "Receiver"));
        }

        lock (_gate)
        {
            // By reference: records compare by value, and ClearRequests may have shifted the list.
            var index = _requests.FindIndex(r => ReferenceEquals(r, recorded));
            if (index >= 0)
            {
                _requests[index] = recorded with { StatusCode = response.StatusCode };
            }
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (key, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[key] = value;
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    private void Record(RecordedRequest recorded)
    {
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }

    // Unsigned requests carry no credential scope; the path and API version still say which service was meant.
    private static string GuessService(string path, Dictionary<string, string> form)
    {
        if (path.StartsWith(LambdaApi.PathPrefix, StringComparison.Ordinal))
        {
            return "lambda";
        }

        return form.GetValueOrDefault("Version") switch
        {
            "2010-05-15" => "cloudformation",
            "2016-11-15" => "ec2",
            "2011-06-15" => "sts",
            _ => "unknown",
        };
    }
}
