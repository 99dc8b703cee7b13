#!/usr/bin/env pwsh
# The blank line below matters: PowerShell reads no comment-based help from a block that touches the shebang.

<#
.SYNOPSIS
    Runs the Ipv6Lambda suite: the offline contract tests and, when AWS credentials resolve, the live acceptance
    tests that deploy template.yaml, prove the IPv6-only egress path, invoke the function and delete the stack.

.DESCRIPTION
    Start it on a fresh machine with:

        dotnet tool restore && dotnet pwsh ./run-tests.ps1

    Every parameter maps to an environment variable that the test fixture reads, so `dotnet test` alone behaves the
    same when those variables are set. Without AWS credentials the live tests are reported as skipped, with the
    reason; they never pass silently.

    It builds once, then runs `dotnet test --no-build` once per region, each in its own process with its own
    environment and results directory, all regions at the same time. Each run writes TRX, JUnit XML
    (<assembly>.junit.xml), evidence.json and summary.md into its results directory; several regions add one combined
    summary.md. When $GITHUB_STEP_SUMMARY is set, the summary is appended to it.

    Exit codes: 0 all tests passed (skips allowed), 1 one or more tests failed (in any region) or the sweeper could not
    delete a stack, 2 usage or configuration error.

.PARAMETER Offline
    Run only the offline tests (template contract, handler, clients and fixture against the loopback AWS double).
    Sends no request to AWS.

.PARAMETER Filter
    A `dotnet test --filter` expression, combined with -Offline when both are given.
    Example: -Filter "FullyQualifiedName~Template"

.PARAMETER Region
    The AWS region or regions to deploy into (AWS_REGION of each run). Several regions run in parallel, one stack and
    one process each, with results in <ResultsDirectory>/<region>/ and one combined summary; the exit code is 1 if any
    region fails. With -Sweep, the regions to sweep. Default: the SDK's own resolution, else us-east-1.
    Example: -Region us-east-1, eu-west-1

.PARAMETER StackName
    Verify an existing stack read-only (IPV6LAMBDA_STACK_NAME): nothing is deployed or deleted.

.PARAMETER StackPrefix
    Prefix of the generated stack name (IPV6LAMBDA_STACK_PREFIX, default ipv6lambda). The full name is
    <prefix>-<yyyyMMddHHmmss>-<random>.

.PARAMETER Template
    Path of the template to deploy (IPV6LAMBDA_TEMPLATE, default the repository's template.yaml).

.PARAMETER KeepStack
    Leave the stack in place after the run (IPV6LAMBDA_KEEP_STACK=true), for debugging.

.PARAMETER NoWaitForDelete
    Start the stack delete and do not wait for it (IPV6LAMBDA_WAIT_FOR_DELETE=false). Lambda can take 20 minutes or
    more to release its network interfaces.

.PARAMETER AllowedAccountId
    Refuse to deploy unless the caller's account is one of these (IPV6LAMBDA_ALLOWED_ACCOUNTS). Checked with
    sts:GetCallerIdentity before any write.

.PARAMETER CreateTimeout
    How long to wait for the stack to be created (IPV6LAMBDA_CREATE_TIMEOUT), e.g. 20m, 90s or 00:20:00.

.PARAMETER DeleteTimeout
    How long to wait for the stack delete (IPV6LAMBDA_DELETE_TIMEOUT, default 45m). Lambda's ENI release is slow.

.PARAMETER HttpTimeout
    How long one AWS API request may take before it is abandoned and retried (IPV6LAMBDA_HTTP_TIMEOUT, default 30s).

.PARAMETER Ipv4ControlUrl
    The URL of the IPv4 negative control (IPV6LAMBDA_IPV4_CONTROL_URL, default https://www.google.com/). Use a
    dual-stack host, so that the control fails for lack of an IPv4 path rather than for lack of an A record.

.PARAMETER TemplateParameter
    Template parameter overrides, as a hashtable (IPV6LAMBDA_PARAMETER_<Key>).
    Example: -TemplateParameter @{ AvailabilityZone1 = 'us-east-1a'; AvailabilityZone2 = 'us-east-1b' }

.PARAMETER ResultsDirectory
    Where the reports go (TRX, <assembly>.junit.xml, evidence.json, summary.md), in a subdirectory per region when
    -Region is given. Default: ./TestResults.

.PARAMETER Sweep
    Instead of testing, delete the suite's leaked stacks: those tagged by the suite whose expires-at has passed, in
    the current region or the -Region list. Never touches a stack without the suite's tags. Runs
    `dotnet run --project tools/Ipv6Lambda.Cli -- sweep`. Exit 0 done, 1 a delete failed, 2 usage.
    Example: -Sweep -Region us-east-1, eu-west-1 -OlderThan 6h

.PARAMETER OlderThan
    With -Sweep: also delete suite stacks created longer ago than this (6h, 90m, 2d, 00:30:00), expired or not.

.PARAMETER WhatIf
    With -Sweep: only list what would be deleted; make no write call. A plain switch, not PowerShell's ShouldProcess:
    the script itself changes nothing locally, and the sweeper enforces what-if on the AWS side.

.PARAMETER Configuration
    The build configuration, Debug or Release. Default: Debug.

.EXAMPLE
    dotnet pwsh ./run-tests.ps1 -Offline
    Runs every offline test; needs no AWS account.

.EXAMPLE
    dotnet pwsh ./run-tests.ps1 -Region eu-west-1 -AllowedAccountId 111122223333
    Deploys into eu-west-1 of account 111122223333 only, verifies, and deletes the stack.

.EXAMPLE
    dotnet pwsh ./run-tests.ps1 -StackName ipv6lambda-20261204101500-a1b2c3
    Verifies an existing stack without deploying or deleting anything.

.EXAMPLE
    dotnet pwsh ./run-tests.ps1 -Region us-east-1, eu-west-1, ap-southeast-2 -ResultsDirectory out
    Deploys one stack per region in parallel; reports in out/<region>/, the combined summary in out/summary.md.

.EXAMPLE
    dotnet pwsh ./run-tests.ps1 -Sweep -Region us-east-1, eu-west-1 -WhatIf
    Lists the suite's expired stacks in two regions without deleting them; drop -WhatIf to delete them.
#>
# Every argument is named: a stray positional word lands in UnknownArguments and is reported, never guessed at.
[CmdletBinding(PositionalBinding = $false)]
param(
    [switch] $Offline,
    [string] $Filter,
    [string[]] $Region,
    [string] $StackName,
    [string] $StackPrefix,
    [string] $Template,
    [switch] $KeepStack,
    [switch] $NoWaitForDelete,
    [string[]] $AllowedAccountId,
    [string] $CreateTimeout,
    [string] $DeleteTimeout,
    [string] $HttpTimeout,
    [string] $Ipv4ControlUrl,
    [hashtable] $TemplateParameter,
    [string] $ResultsDirectory,
    [string] $Configuration = 'Debug',
    [switch] $Sweep,
    [string] $OlderThan,
    # Deliberately not SupportsShouldProcess: that would turn -WhatIf into a no-op for every local cmdlet as well.
    [switch] $WhatIf,
    # Anything the parameters above do not bind is a usage error (exit 2), not a PowerShell binding failure (exit 1).
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $UnknownArguments
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Exit-Usage([string] $Message) {
    Write-Host "run-tests.ps1: $Message" -ForegroundColor Red
    Write-Host "See: Get-Help ./run-tests.ps1 -Full"
    exit 2
}

if ($UnknownArguments) {
    Exit-Usage "unknown argument(s): $($UnknownArguments -join ' ')."
}
if ($Configuration -notin 'Debug', 'Release') {
    Exit-Usage "-Configuration must be Debug or Release, not '$Configuration'."
}
$regions = @($Region | Where-Object { $_ })
foreach ($name in $regions) {
    if ($name -notmatch '^[a-z]{2}(-[a-z]+)+-\d+$') { Exit-Usage "-Region '$name' is not an AWS region name such as us-east-1." }
}
$repeated = @($regions | Group-Object | Where-Object Count -gt 1 | ForEach-Object Name)
if ($repeated) { Exit-Usage "-Region names $($repeated -join ', ') more than once; each region gets one run." }
if ($StackName -and $regions.Count -gt 1) {
    Exit-Usage '-StackName names one existing stack, which lives in one region: give at most one -Region.'
}
if (-not $Sweep -and ($OlderThan -or $WhatIf)) {
    Exit-Usage '-OlderThan and -WhatIf apply only to -Sweep.'
}
if ($OlderThan -and $OlderThan -notmatch '^(\d+(\.\d+)?[smhd]|\d{1,2}:\d{2}:\d{2})$') {
    Exit-Usage "-OlderThan '$OlderThan' must be a duration such as 6h, 90m, 2d or 00:30:00."
}
if ($Sweep) {
    $testOnly = @('Offline', 'Filter', 'StackName', 'StackPrefix', 'Template', 'KeepStack', 'NoWaitForDelete', 'AllowedAccountId',
        'CreateTimeout', 'DeleteTimeout', 'HttpTimeout', 'Ipv4ControlUrl', 'TemplateParameter', 'ResultsDirectory') |
        Where-Object { $PSBoundParameters.ContainsKey($_) }
    if ($testOnly) { Exit-Usage "-Sweep deletes leaked stacks and runs no test, so $(($testOnly | ForEach-Object { "-$_" }) -join ', ') do not apply." }
}
if ($StackPrefix -and $StackPrefix -notmatch '^[A-Za-z][-A-Za-z0-9]{0,105}$') {
    Exit-Usage "-StackPrefix '$StackPrefix' must start with a letter and hold only letters, digits and hyphens (at most 106 characters, leaving room for the timestamp and random suffix)."
}
foreach ($timeout in @(
        @{ Name = 'CreateTimeout'; Value = $CreateTimeout; Example = '20m, 90s or 00:20:00' }
        @{ Name = 'DeleteTimeout'; Value = $DeleteTimeout; Example = '45m, 600s or 00:45:00' }
        @{ Name = 'HttpTimeout'; Value = $HttpTimeout; Example = '30s, 2m or 00:00:30' })) {
    if ($timeout.Value -and $timeout.Value -notmatch '^(\d+(\.\d+)?[smh]?|\d{1,2}:\d{2}:\d{2})$') {
        Exit-Usage "-$($timeout.Name) '$($timeout.Value)' must be a positive duration such as $($timeout.Example)."
    }
}
if ($Ipv4ControlUrl -and $Ipv4ControlUrl -notmatch '^https?://[^\s/]+') {
    Exit-Usage "-Ipv4ControlUrl '$Ipv4ControlUrl' must be an http:// or https:// URL."
}
if ($AllowedAccountId) {
    $bad = @($AllowedAccountId | Where-Object { $_ -notmatch '^\d{12}$' })
    if ($bad) { Exit-Usage "-AllowedAccountId takes 12-digit account ids; got: $($bad -join ', ')." }
}
if ($Offline -and ($StackName -or $KeepStack -or $NoWaitForDelete)) {
    Exit-Usage '-Offline runs no live test, so -StackName, -KeepStack and -NoWaitForDelete do not apply.'
}
if ($Template -and -not (Test-Path -LiteralPath $Template -PathType Leaf)) {
    Exit-Usage "-Template '$Template' does not exist."
}

$environment = [ordered]@{}
if ($StackName) { $environment['IPV6LAMBDA_STACK_NAME'] = $StackName }
if ($StackPrefix) { $environment['IPV6LAMBDA_STACK_PREFIX'] = $StackPrefix }
if ($Template) { $environment['IPV6LAMBDA_TEMPLATE'] = (Resolve-Path -LiteralPath $Template).Path }
if ($KeepStack) { $environment['IPV6LAMBDA_KEEP_STACK'] = 'true' }
if ($NoWaitForDelete) { $environment['IPV6LAMBDA_WAIT_FOR_DELETE'] = 'false' }
if ($AllowedAccountId) { $environment['IPV6LAMBDA_ALLOWED_ACCOUNTS'] = $AllowedAccountId -join ',' }
if ($CreateTimeout) { $environment['IPV6LAMBDA_CREATE_TIMEOUT'] = $CreateTimeout }
if ($DeleteTimeout) { $environment['IPV6LAMBDA_DELETE_TIMEOUT'] = $DeleteTimeout }
if ($HttpTimeout) { $environment['IPV6LAMBDA_HTTP_TIMEOUT'] = $HttpTimeout }
if ($Ipv4ControlUrl) { $environment['IPV6LAMBDA_IPV4_CONTROL_URL'] = $Ipv4ControlUrl }
if ($TemplateParameter) {
    foreach ($key in $TemplateParameter.Keys) {
        if ($key -notmatch '^[A-Za-z0-9]+$') { Exit-Usage "-TemplateParameter key '$key' is not a template parameter name." }
        $environment["IPV6LAMBDA_PARAMETER_$key"] = [string] $TemplateParameter[$key]
    }
}

$filters = @()
if ($Offline) { $filters += 'Category!=Live' }
if ($Filter) { $filters += "($Filter)" }

# The JUnit logger is a VSTest extension from NuGet (restored by tests/Ipv6Lambda.Reporting.Tests), loaded through
# --test-adapter-path: referencing it from the test projects breaks their compile (CS1705).
$JUnitLoggerVersion = '8.1.0'

function Get-DotnetPath {
    # Resolved once, as a file: each region's run is a child process started from it.
    $command = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) { Exit-Usage 'dotnet is not on PATH; install the .NET SDK that global.json names.' }
    $command.Source
}

function Start-DotnetProcess([string] $Dotnet, [string[]] $Arguments, [System.Collections.IDictionary] $Environment) {
    $start = [System.Diagnostics.ProcessStartInfo]::new($Dotnet)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    # Environment variables are process-wide: each run gets its own copy, never this process's.
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string] $Environment[$name] }
    $start.WorkingDirectory = $PSScriptRoot
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($start)
}

# Streams every run's output as it comes, prefixed with its region when there are several, until all have exited.
function Wait-Run([object[]] $Runs, [bool] $Prefix) {
    $readers = [System.Collections.Generic.List[object]]::new()
    foreach ($run in $Runs) {
        foreach ($stream in $run.Process.StandardOutput, $run.Process.StandardError) {
            $readers.Add([pscustomobject]@{ Run = $run; Stream = $stream; Task = $stream.ReadLineAsync() })
        }
    }
    while ($readers.Count -gt 0) {
        [void][System.Threading.Tasks.Task]::WaitAny([System.Threading.Tasks.Task[]] @($readers.Task))
        foreach ($reader in @($readers | Where-Object { $_.Task.IsCompleted })) {
            $line = $reader.Task.GetAwaiter().GetResult()
            if ($null -eq $line) { [void]$readers.Remove($reader); continue }
            Write-Host $(if ($Prefix) { "[$($reader.Run.Label)] $line" } else { $line })
            $reader.Task = $reader.Stream.ReadLineAsync()
        }
    }
    foreach ($run in $Runs) { $run.Process.WaitForExit(); $run.ExitCode = $run.Process.ExitCode }
}

Push-Location $PSScriptRoot
try {
    $dotnet = Get-DotnetPath

    if ($Sweep) {
        $arguments = @('run', '--project', 'tools/Ipv6Lambda.Cli', '--configuration', $Configuration, '--', 'sweep')
        foreach ($name in $regions) { $arguments += @('--region', $name) }
        if ($OlderThan) { $arguments += @('--older-than', $OlderThan) }
        if ($WhatIf) { $arguments += '--what-if' }
        Write-Host "dotnet $($arguments -join ' ')"
        & $dotnet @arguments
        $sweepExit = $LASTEXITCODE
        switch ($sweepExit) {
            0 { Write-Host 'run-tests.ps1: sweep finished.' -ForegroundColor Green; exit 0 }
            2 { Write-Host 'run-tests.ps1: the sweeper rejected its arguments or configuration (exit 2).' -ForegroundColor Red; exit 2 }
            default { Write-Host "run-tests.ps1: the sweeper could not delete every stack (exit $sweepExit); it named them above." -ForegroundColor Red; exit 1 }
        }
    }

    $results = [System.IO.Path]::GetFullPath($(if ($ResultsDirectory) { $ResultsDirectory } else { Join-Path $PSScriptRoot 'TestResults' }))
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $junitLogger = Join-Path $packages "junitxml.testlogger/$JUnitLoggerVersion/build/_common/vstest"

    Write-Host "dotnet build --configuration $Configuration"
    & $dotnet build --configuration $Configuration
    if ($LASTEXITCODE -ne 0) {
        Write-Host "run-tests.ps1: the build failed (dotnet build exited $LASTEXITCODE)." -ForegroundColor Red
        exit 1
    }
    if (-not (Test-Path -LiteralPath $junitLogger -PathType Container)) {
        Exit-Usage "the JUnit logger is not at '$junitLogger'; run 'dotnet restore' (tests/Ipv6Lambda.Reporting.Tests downloads JunitXml.TestLogger $JUnitLoggerVersion)."
    }

    # One run per region, or one run with the SDK's own region resolution when none is given.
    $runs = @(foreach ($name in $(if ($regions) { $regions } else { '' })) {
            $directory = if ($name) { Join-Path $results $name } else { $results }
            $variables = [ordered]@{}
            foreach ($key in $environment.Keys) { $variables[$key] = $environment[$key] }
            if ($name) { $variables['AWS_REGION'] = $name }
            $variables['IPV6LAMBDA_RESULTS_DIRECTORY'] = $directory
            $arguments = @('test', '--no-build', '--configuration', $Configuration,
                '--logger', 'trx',
                '--logger', 'junit;LogFileName={assembly}.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose',
                # Normal verbosity shows the fixture's diagnostic messages: stack events while deploying and deleting.
                '--logger', 'console;verbosity=normal',
                '--test-adapter-path', $junitLogger,
                '--results-directory', $directory)
            if ($filters) { $arguments += @('--filter', ($filters -join '&')) }
            [pscustomobject]@{ Label = $(if ($name) { $name } else { 'default region' }); Region = $name; Directory = $directory
                Arguments = $arguments; Environment = $variables; Process = $null; ExitCode = $null }
        })

    foreach ($run in $runs) {
        New-Item -ItemType Directory -Force -Path $run.Directory | Out-Null
        Write-Host "[$($run.Label)] $(($run.Environment.Keys | ForEach-Object { "$_=$($run.Environment[$_])" }) -join ' ')"
        Write-Host "[$($run.Label)] dotnet $($run.Arguments -join ' ')"
        $run.Process = Start-DotnetProcess $dotnet $run.Arguments $run.Environment
    }
    Wait-Run $runs ($runs.Count -gt 1)

    $report = @('run', '--project', 'tools/Ipv6Lambda.Cli', '--no-build', '--configuration', $Configuration, '--', 'report')
    foreach ($run in $runs) {
        $report += @('--results', $run.Directory)
        if ($run.Region) { $report += @('--region', $run.Region) }
    }
    $summary = Join-Path $runs[0].Directory 'summary.md'
    if ($runs.Count -gt 1) {
        $summary = Join-Path $results 'summary.md'
        $report += @('--summary', $summary)
    }
    & $dotnet @report
    $reportExit = $LASTEXITCODE
    if ($reportExit -eq 0 -and $env:GITHUB_STEP_SUMMARY -and (Test-Path -LiteralPath $summary)) {
        Get-Content -LiteralPath $summary -Raw | Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY
    }

    Write-Host ''
    Write-Host 'run-tests.ps1: summary'
    foreach ($run in $runs) {
        $verdict = if ($run.ExitCode -eq 0) { 'passed' } else { "FAILED (dotnet test exited $($run.ExitCode))" }
        Write-Host ("  {0,-16} {1}  results: {2}" -f $run.Label, $verdict, $run.Directory) -ForegroundColor $(if ($run.ExitCode -eq 0) { 'Green' } else { 'Red' })
    }
    $failed = @($runs | Where-Object ExitCode -ne 0)
    if ($failed) {
        Write-Host "run-tests.ps1: tests failed in $($failed.Count) of $($runs.Count) run(s). Summary: $summary" -ForegroundColor Red
        exit 1
    }
    if ($reportExit -ne 0) {
        Write-Host "run-tests.ps1: the tests passed but the report could not be written (exit $reportExit)." -ForegroundColor Red
        exit 1
    }
    Write-Host "run-tests.ps1: all tests passed. Summary: $summary" -ForegroundColor Green
    exit 0
}
finally {
    Pop-Location
}
