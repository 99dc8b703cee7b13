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

    Exit codes: 0 all tests passed (skips allowed), 1 one or more tests failed, 2 usage or configuration error.

.PARAMETER Offline
    Run only the offline tests (template contract, handler, clients and fixture against the loopback AWS double).
    Sends no request to AWS.

.PARAMETER Filter
    A `dotnet test --filter` expression, combined with -Offline when both are given.
    Example: -Filter "FullyQualifiedName~Template"

.PARAMETER Region
    The AWS region to deploy into (sets AWS_REGION). Default: the SDK's own resolution, else us-east-1.

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

.PARAMETER Ipv4ControlUrl
    The URL of the IPv4 negative control (IPV6LAMBDA_IPV4_CONTROL_URL, default https://www.google.com/). Use a
    dual-stack host, so that the control fails for lack of an IPv4 path rather than for lack of an A record.

.PARAMETER TemplateParameter
    Template parameter overrides, as a hashtable (IPV6LAMBDA_PARAMETER_<Key>).
    Example: -TemplateParameter @{ AvailabilityZone1 = 'us-east-1a'; AvailabilityZone2 = 'us-east-1b' }

.PARAMETER ResultsDirectory
    Where TRX results go. Default: ./TestResults.

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
#>
# Every argument is named: a stray positional word lands in UnknownArguments and is reported, never guessed at.
[CmdletBinding(PositionalBinding = $false)]
param(
    [switch] $Offline,
    [string] $Filter,
    [string] $Region,
    [string] $StackName,
    [string] $StackPrefix,
    [string] $Template,
    [switch] $KeepStack,
    [switch] $NoWaitForDelete,
    [string[]] $AllowedAccountId,
    [string] $CreateTimeout,
    [string] $DeleteTimeout,
    [string] $Ipv4ControlUrl,
    [hashtable] $TemplateParameter,
    [string] $ResultsDirectory,
    [string] $Configuration = 'Debug',
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
if ($Region -and $Region -notmatch '^[a-z]{2}(-[a-z]+)+-\d+$') {
    Exit-Usage "-Region '$Region' is not an AWS region name such as us-east-1."
}
if ($StackPrefix -and $StackPrefix -notmatch '^[A-Za-z][-A-Za-z0-9]{0,105}$') {
    Exit-Usage "-StackPrefix '$StackPrefix' must start with a letter and hold only letters, digits and hyphens (at most 106 characters, leaving room for the timestamp and random suffix)."
}
if ($CreateTimeout -and $CreateTimeout -notmatch '^(\d+(\.\d+)?[smh]?|\d{1,2}:\d{2}:\d{2})$') {
    Exit-Usage "-CreateTimeout '$CreateTimeout' must be a positive duration such as 20m, 90s or 00:20:00."
}
if ($DeleteTimeout -and $DeleteTimeout -notmatch '^(\d+(\.\d+)?[smh]?|\d{1,2}:\d{2}:\d{2})$') {
    Exit-Usage "-DeleteTimeout '$DeleteTimeout' must be a positive duration such as 45m, 600s or 00:45:00."
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
if ($Region) { $environment['AWS_REGION'] = $Region }
if ($StackName) { $environment['IPV6LAMBDA_STACK_NAME'] = $StackName }
if ($StackPrefix) { $environment['IPV6LAMBDA_STACK_PREFIX'] = $StackPrefix }
if ($Template) { $environment['IPV6LAMBDA_TEMPLATE'] = (Resolve-Path -LiteralPath $Template).Path }
if ($KeepStack) { $environment['IPV6LAMBDA_KEEP_STACK'] = 'true' }
if ($NoWaitForDelete) { $environment['IPV6LAMBDA_WAIT_FOR_DELETE'] = 'false' }
if ($AllowedAccountId) { $environment['IPV6LAMBDA_ALLOWED_ACCOUNTS'] = $AllowedAccountId -join ',' }
if ($CreateTimeout) { $environment['IPV6LAMBDA_CREATE_TIMEOUT'] = $CreateTimeout }
if ($DeleteTimeout) { $environment['IPV6LAMBDA_DELETE_TIMEOUT'] = $DeleteTimeout }
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

Push-Location $PSScriptRoot
try {
    $results = if ($ResultsDirectory) { $ResultsDirectory } else { Join-Path $PSScriptRoot 'TestResults' }
    $arguments = @('test', '--configuration', $Configuration, '--logger', 'trx', '--results-directory', $results)
    if ($filters) { $arguments += @('--filter', ($filters -join '&')) }

    foreach ($name in $environment.Keys) {
        Set-Item -Path "Env:$name" -Value $environment[$name]
        Write-Host "  $name=$($environment[$name])"
    }
    Write-Host "dotnet $($arguments -join ' ')"
    & dotnet @arguments
    $testExit = $LASTEXITCODE
    if ($testExit -ne 0) {
        Write-Host "run-tests.ps1: tests failed (dotnet test exited $testExit). Results: $results" -ForegroundColor Red
        exit 1
    }
    Write-Host "run-tests.ps1: all tests passed. Results: $results" -ForegroundColor Green
    exit 0
}
finally {
    Pop-Location
}
