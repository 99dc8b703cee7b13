namespace Ipv6Lambda.EndToEnd.Tests;

/// <summary>
/// Every planned run (passing, failing, throttled, timed out, interrupted) uses a recognisable secret key and session
/// token; none of their output may contain either, and the account guard always answers before the first write.
/// </summary>
public sealed class SecurityTests(FaultRuns runs)
{
    [Fact]
    public async Task No_run_writes_the_secret_key_or_session_token_to_any_output_log_or_result_file()
    {
        var all = await runs.AllAsync(TestContext.Current.CancellationToken);
        var output = TestContext.Current.TestOutputHelper;

        all.Select(p => p.Plan.Name).Should().Contain(["throttled-0", "unsupported-az", "transient", "expired-credentials"],
            "the search covers a passing run, a CREATE_FAILED run and throttled and failing error paths");
        foreach (var planned in all)
        {
            var tokens = planned.Server.Requests.Select(r => r.Header("X-Amz-Security-Token")).Distinct().ToList();
            if (planned.Server.Requests.Count > 0)
            {
                tokens.Should().Equal([FaultRuns.SessionToken], "run '{0}' must really use the sentinel credentials, or this test proves nothing", planned.Plan.Name);
            }

            var texts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["stdout"] = planned.Run.StandardOutput,
                ["stderr"] = planned.Run.StandardError,
            };
            foreach (var (path, text) in planned.Run.Files)
            {
                texts["file " + path] = text;
            }

            if (planned.Run.Tests.Count > 0)
            {
                planned.Run.Files.Keys.Should().Contain("results.xml", "run '{0}' keeps its result XML for the search", planned.Plan.Name);
            }

            output?.WriteLine($"run '{planned.Plan.Name}': searched {string.Join(", ", texts.Select(t => $"{t.Key} ({t.Value.Length} chars)"))}");
            foreach (var (where, text) in texts)
            {
                foreach (var secret in new[] { FaultRuns.SecretKey, FaultRuns.SessionToken, "SECRETSENTINEL" })
                {
                    text.Contains(secret, StringComparison.Ordinal).Should().BeFalse(
                        "run '{0}' leaked a credential into its {1}: remove whatever logs credentials or the environment", planned.Plan.Name, where);
                }
            }
        }
    }

    [Fact]
    public async Task In_every_run_the_account_guard_answers_before_the_first_write()
    {
        var all = await runs.AllAsync(TestContext.Current.CancellationToken);

        foreach (var planned in all)
        {
            var requests = planned.Server.Requests;
            var firstWrite = requests.ToList().FindIndex(r => r.IsWrite);
            if (firstWrite < 0)
            {
                continue;
            }

            requests.Take(firstWrite).Should().Contain(r => r.Operation == "GetCallerIdentity" && r.StatusCode == 200,
                "run '{0}' must confirm the account before {1}; order: {2}", planned.Plan.Name, requests[firstWrite].Operation, string.Join(",", planned.Server.OperationOrder));
        }
    }
}
