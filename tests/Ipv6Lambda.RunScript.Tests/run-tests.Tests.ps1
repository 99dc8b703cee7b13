#Requires -Version 7.4
# Pester 5 tests of run-tests.ps1. `dotnet` is replaced by a stub executable first on PATH: the script starts each
# region's run as a child process, which an in-process Mock would never see. The stub records its process id, its
# arguments, its environment and when it ran, and exits as the test tells it; no build or test run happens.

Describe 'run-tests.ps1' {
    BeforeAll {
        $script:RunTests = Join-Path $env:IPV6LAMBDA_REPO_ROOT 'run-tests.ps1'
        $script:CallerRegion = $env:AWS_REGION
        $script:CallerPath = $env:PATH
        $script:CallerPackages = $env:NUGET_PACKAGES
        Remove-Item Env:AWS_REGION -ErrorAction SilentlyContinue

        $script:Stub = Join-Path ([System.IO.Path]::GetTempPath()) "run-tests-stub-$PID"
        New-Item -ItemType Directory -Force -Path (Join-Path $script:Stub 'bin') | Out-Null
        # The JUnit logger's folder must exist, as a restore leaves it.
        New-Item -ItemType Directory -Force -Path (Join-Path $script:Stub 'packages/junitxml.testlogger/8.1.0/build/_common/vstest') | Out-Null
        $dotnetStub = Join-Path $script:Stub 'bin/dotnet'
        Set-Content -LiteralPath $dotnetStub -NoNewline -Value @'
#!/bin/sh
# Stub of dotnet for run-tests.Tests.ps1: records the call, then exits as RUNTESTS_STUB_* say.
record="$RUNTESTS_STUB_LOG/$(date +%s%N)-$$.call"
{
  echo "pid $$"
  echo "start $(date +%s%N)"
  for argument in "$@"; do echo "arg $argument"; done
  env | grep -E '^(AWS_REGION|IPV6LAMBDA_[A-Z_0-9a-z]*)=' | sed 's/^/env /'
} > "$record.tmp"
code=0
case "$1" in
  build) code=${RUNTESTS_STUB_BUILD_EXIT:-0} ;;
  test)
    [ -n "$RUNTESTS_STUB_SLEEP" ] && sleep "$RUNTESTS_STUB_SLEEP"
    echo "stub test output for ${AWS_REGION:-no region}"
    code=${RUNTESTS_STUB_TEST_EXIT:-0}
    for failing in $RUNTESTS_STUB_FAIL_REGIONS; do [ "$failing" = "$AWS_REGION" ] && code=1; done ;;
  run)
    for argument in "$@"; do
      case "$argument" in
        sweep) code=${RUNTESTS_STUB_SWEEP_EXIT:-0} ;;
        report)
          previous=""
          for value in "$@"; do
            [ "$previous" = "--results" ] && echo "summary of $value" > "$value/summary.md"
            [ "$previous" = "--summary" ] && echo "combined summary" > "$value"
            previous="$value"
          done ;;
      esac
    done ;;
esac
echo "end $(date +%s%N)" >> "$record.tmp"
mv "$record.tmp" "$record"
exit $code
'@
        if (-not $IsWindows) { chmod +x $dotnetStub }

        # Runs the script as people do; returns its exit code, its host output, and every dotnet call in start order.
        function Invoke-RunTests {
            param([hashtable] $Parameters = @{}, [hashtable] $Stub = @{})
            $log = Join-Path $script:Stub "log-$([guid]::NewGuid().ToString('n'))"
            New-Item -ItemType Directory -Path $log | Out-Null
            $env:RUNTESTS_STUB_LOG = $log
            foreach ($name in $Stub.Keys) { Set-Item "Env:RUNTESTS_STUB_$name" $Stub[$name] }
            $env:PATH = (Join-Path $script:Stub 'bin') + [System.IO.Path]::PathSeparator + $script:CallerPath
            $env:NUGET_PACKAGES = Join-Path $script:Stub 'packages'
            try {
                $output = & $script:RunTests @Parameters *>&1 | Out-String
                $exitCode = $LASTEXITCODE
            }
            finally {
                $env:PATH = $script:CallerPath
                $env:NUGET_PACKAGES = $script:CallerPackages
                Get-ChildItem Env: | Where-Object Name -like 'RUNTESTS_STUB_*' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
            }
            $calls = @(Get-ChildItem -LiteralPath $log -Filter '*.call' | ForEach-Object {
                    $lines = Get-Content -LiteralPath $_.FullName
                    $environment = @{}
                    foreach ($line in $lines -like 'env *') { $pair = $line.Substring(4) -split '=', 2; $environment[$pair[0]] = $pair[1] }
                    [pscustomobject]@{
                        Pid = [int](($lines -like 'pid *')[0].Substring(4))
                        Start = [long](($lines -like 'start *')[0].Substring(6))
                        End = [long](($lines -like 'end *')[0].Substring(4))
                        Arguments = @($lines -like 'arg *' | ForEach-Object { $_.Substring(4) })
                        Environment = $environment
                    }
                } | Sort-Object Start)
            [pscustomobject]@{
                ExitCode = $exitCode; Output = $output; Calls = $calls
                Tests = @($calls | Where-Object { $_.Arguments[0] -eq 'test' })
            }
        }

        function Get-Argument([string[]] $Arguments, [string] $Name) { $Arguments[[array]::IndexOf($Arguments, $Name) + 1] }
    }

    AfterEach {
        Get-ChildItem Env: | Where-Object { $_.Name -like 'IPV6LAMBDA_*' -and $_.Name -ne 'IPV6LAMBDA_REPO_ROOT' } |
            ForEach-Object { Remove-Item "Env:$($_.Name)" }
        Remove-Item Env:AWS_REGION -ErrorAction SilentlyContinue
        Remove-Item Env:GITHUB_STEP_SUMMARY -ErrorAction SilentlyContinue
    }

    AfterAll {
        if ($script:CallerRegion) { $env:AWS_REGION = $script:CallerRegion }
        Remove-Item -LiteralPath $script:Stub -Recurse -Force -ErrorAction SilentlyContinue
    }

    Context 'exit codes' {
        It 'exits 0 when dotnet test passes, after one build and one report' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $run.ExitCode | Should -Be 0 -Because $run.Output
            @($run.Calls | ForEach-Object { $_.Arguments[0] }) | Should -Be @('build', 'test', 'run')
            $run.Calls[2].Arguments | Should -Contain 'report'
        }

        It 'exits 1 when dotnet test reports failures' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true } -Stub @{ TEST_EXIT = '1' }
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Match 'tests failed'
        }

        It 'exits 1 and runs no test when the build fails' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true } -Stub @{ BUILD_EXIT = '1' }
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Match 'the build failed'
            $run.Tests.Count | Should -Be 0
        }

        It 'exits 2 when the JUnit logger was not restored' {
            $logger = Join-Path $script:Stub 'packages/junitxml.testlogger'
            Rename-Item -LiteralPath $logger -NewName 'moved'
            try { $run = Invoke-RunTests -Parameters @{ Offline = $true } }
            finally { Rename-Item -LiteralPath (Join-Path $script:Stub 'packages/moved') -NewName 'junitxml.testlogger' }
            $run.ExitCode | Should -Be 2
            $run.Output | Should -Match "run 'dotnet restore'"
            $run.Tests.Count | Should -Be 0
        }

        It 'exits 2 on an unknown argument, before running anything' {
            $run = Invoke-RunTests -Parameters @{ Bogus = 'x' }
            $run.ExitCode | Should -Be 2
            $run.Output | Should -Match 'unknown argument\(s\): -Bogus'
            $run.Calls.Count | Should -Be 0
        }

        It 'exits 2 on a stray positional argument' {
            $env:RUNTESTS_STUB_LOG = $script:Stub
            $output = & $script:RunTests Template *>&1 | Out-String
            $LASTEXITCODE | Should -Be 2
            $output | Should -Match 'unknown argument\(s\): Template'
        }

        It 'exits 2 on <Case>' -ForEach @(
            @{ Case = 'an invalid region'; Given = @{ Region = 'moon-base' }; Message = 'not an AWS region' }
            @{ Case = 'one invalid region among several'; Given = @{ Region = @('us-east-1', 'Mars') }; Message = "-Region 'Mars' is not an AWS region" }
            @{ Case = 'a region given twice'; Given = @{ Region = @('us-east-1', 'us-east-1') }; Message = 'more than once' }
            @{ Case = 'an existing stack with several regions'; Given = @{ StackName = 's'; Region = @('us-east-1', 'eu-west-1') }; Message = 'at most one -Region' }
            @{ Case = 'an invalid stack prefix'; Given = @{ StackPrefix = '9lives' }; Message = 'must start with a letter' }
            @{ Case = 'a non-numeric create timeout'; Given = @{ CreateTimeout = 'soon' }; Message = 'positive duration' }
            @{ Case = 'a non-numeric HTTP timeout'; Given = @{ HttpTimeout = 'slowly' }; Message = 'positive duration' }
            @{ Case = 'a non-numeric delete timeout'; Given = @{ DeleteTimeout = 'later' }; Message = 'positive duration' }
            @{ Case = 'an IPv4 control URL that is not http'; Given = @{ Ipv4ControlUrl = 'ftp://x' }; Message = 'http:// or https://' }
            @{ Case = 'a stack prefix too long for the name limit'; Given = @{ StackPrefix = 'a' * 107 }; Message = 'at most 106' }
            @{ Case = 'an account id that is not 12 digits'; Given = @{ AllowedAccountId = '1234' }; Message = '12-digit' }
            @{ Case = 'a template that does not exist'; Given = @{ Template = '/nonexistent/template.yaml' }; Message = 'does not exist' }
            @{ Case = 'an unknown configuration'; Given = @{ Configuration = 'Fast' }; Message = 'Debug or Release' }
            @{ Case = '-Offline with a live-only switch'; Given = @{ Offline = $true; KeepStack = $true }; Message = 'do not apply' }
            @{ Case = '-OlderThan without -Sweep'; Given = @{ OlderThan = '6h' }; Message = 'apply only to -Sweep' }
            @{ Case = '-WhatIf without -Sweep'; Given = @{ WhatIf = $true }; Message = 'apply only to -Sweep' }
            @{ Case = 'an -OlderThan that is not a duration'; Given = @{ Sweep = $true; OlderThan = 'yesterday' }; Message = 'must be a duration' }
            @{ Case = '-Sweep with a test parameter'; Given = @{ Sweep = $true; Offline = $true }; Message = '-Offline do not apply' }
        ) {
            $run = Invoke-RunTests -Parameters $Given
            $run.ExitCode | Should -Be 2 -Because $run.Output
            $run.Output | Should -Match ([regex]::Escape($Message))
            $run.Calls.Count | Should -Be 0
        }
    }

    Context 'maps parameters to dotnet test' {
        It 'builds once, then tests with --no-build' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $run.Calls[0].Arguments | Should -Be @('build', '--configuration', 'Debug')
            $run.Tests[0].Arguments | Should -Contain '--no-build'
        }

        It 'runs only the offline tests with -Offline' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            Get-Argument $run.Tests[0].Arguments '--filter' | Should -Be 'Category!=Live'
        }

        It 'combines -Filter with -Offline' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true; Filter = 'FullyQualifiedName~Template' }
            Get-Argument $run.Tests[0].Arguments '--filter' | Should -Be 'Category!=Live&(FullyQualifiedName~Template)'
        }

        It 'passes no filter when none is asked for' {
            $run = Invoke-RunTests
            $run.Tests[0].Arguments | Should -Not -Contain '--filter'
        }

        It 'writes TRX and JUnit into the results directory, with the JUnit logger from the NuGet cache' {
            $run = Invoke-RunTests -Parameters @{ ResultsDirectory = 'TestResults/pester/results' }
            $arguments = $run.Tests[0].Arguments
            $arguments | Should -Contain 'trx'
            $arguments | Should -Contain 'junit;LogFileName={assembly}.junit.xml;MethodFormat=Class;FailureBodyFormat=Verbose'
            Get-Argument $arguments '--test-adapter-path' | Should -Be (Join-Path $script:Stub 'packages/junitxml.testlogger/8.1.0/build/_common/vstest')
            Get-Argument $arguments '--results-directory' | Should -Be (Join-Path $env:IPV6LAMBDA_REPO_ROOT 'TestResults/pester/results')
        }

        It 'shows the fixture progress by running the console logger at normal verbosity' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $run.Tests[0].Arguments | Should -Contain 'console;verbosity=normal'
            $run.Output | Should -Match 'stub test output for no region'
        }

        It 'sets the fixture environment from the live parameters' {
            $template = Join-Path $env:IPV6LAMBDA_REPO_ROOT 'template.yaml'
            $run = Invoke-RunTests -Parameters @{
                Region = 'eu-west-1'; StackPrefix = 'nightly'; KeepStack = $true; NoWaitForDelete = $true
                AllowedAccountId = @('111122223333', '222233334444'); CreateTimeout = '25m'; Template = $template
                DeleteTimeout = '50m'; HttpTimeout = '45s'; Ipv4ControlUrl = 'https://dual.example/'
            }
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $environment = $run.Tests[0].Environment
            $environment['AWS_REGION'] | Should -Be 'eu-west-1'
            $environment['IPV6LAMBDA_STACK_PREFIX'] | Should -Be 'nightly'
            $environment['IPV6LAMBDA_KEEP_STACK'] | Should -Be 'true'
            $environment['IPV6LAMBDA_WAIT_FOR_DELETE'] | Should -Be 'false'
            $environment['IPV6LAMBDA_ALLOWED_ACCOUNTS'] | Should -Be '111122223333,222233334444'
            $environment['IPV6LAMBDA_CREATE_TIMEOUT'] | Should -Be '25m'
            $environment['IPV6LAMBDA_TEMPLATE'] | Should -Be $template
            $environment['IPV6LAMBDA_DELETE_TIMEOUT'] | Should -Be '50m'
            $environment['IPV6LAMBDA_HTTP_TIMEOUT'] | Should -Be '45s'
            $environment['IPV6LAMBDA_IPV4_CONTROL_URL'] | Should -Be 'https://dual.example/'
            $environment['IPV6LAMBDA_RESULTS_DIRECTORY'] | Should -Be (Join-Path $env:IPV6LAMBDA_REPO_ROOT 'TestResults/eu-west-1')
        }

        It 'passes a stack name through for verify-only runs' {
            $run = Invoke-RunTests -Parameters @{ StackName = 'ipv6lambda-existing' }
            $run.Tests[0].Environment['IPV6LAMBDA_STACK_NAME'] | Should -Be 'ipv6lambda-existing'
        }

        It 'maps template parameter overrides to IPV6LAMBDA_PARAMETER_ variables' {
            $run = Invoke-RunTests -Parameters @{ TemplateParameter = @{ AvailabilityZone1 = 'us-east-1a'; ProbeUrl = 'https://example.com/' } }
            $run.ExitCode | Should -Be 0
            $run.Tests[0].Environment['IPV6LAMBDA_PARAMETER_AvailabilityZone1'] | Should -Be 'us-east-1a'
            $run.Tests[0].Environment['IPV6LAMBDA_PARAMETER_ProbeUrl'] | Should -Be 'https://example.com/'
        }

        It 'sets nothing the caller did not ask for, in the run or in its own process' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true; StackPrefix = 'mine' }
            $run.Tests[0].Environment.Keys | Where-Object { $_ -notin 'IPV6LAMBDA_REPO_ROOT', 'IPV6LAMBDA_RESULTS_DIRECTORY', 'IPV6LAMBDA_STACK_PREFIX' } |
                Should -BeNullOrEmpty
            $env:IPV6LAMBDA_STACK_PREFIX | Should -BeNullOrEmpty -Because 'the script gives each run its environment, never its own process'
        }
    }

    Context 'several regions' {
        BeforeAll {
            $script:Multi = Invoke-RunTests -Parameters @{ Region = @('us-east-1', 'eu-west-1', 'ap-southeast-2'); ResultsDirectory = 'TestResults/pester/multi' } `
                -Stub @{ SLEEP = '1'; FAIL_REGIONS = 'eu-west-1' }
        }

        It 'builds once and starts one dotnet test per region' {
            @($script:Multi.Calls | Where-Object { $_.Arguments[0] -eq 'build' }).Count | Should -Be 1
            $script:Multi.Tests.Count | Should -Be 3
        }

        It 'gives each region its own process, AWS_REGION and results directory' {
            $byRegion = @{}
            foreach ($test in $script:Multi.Tests) { $byRegion[$test.Environment['AWS_REGION']] = $test }
            $byRegion.Keys | Sort-Object | Should -Be @('ap-southeast-2', 'eu-west-1', 'us-east-1')
            @($script:Multi.Tests.Pid | Sort-Object -Unique).Count | Should -Be 3
            foreach ($region in $byRegion.Keys) {
                $expected = Join-Path $env:IPV6LAMBDA_REPO_ROOT "TestResults/pester/multi/$region"
                Get-Argument $byRegion[$region].Arguments '--results-directory' | Should -Be $expected
                $byRegion[$region].Environment['IPV6LAMBDA_RESULTS_DIRECTORY'] | Should -Be $expected
            }
        }

        It 'runs the regions at the same time' {
            $firstEnd = ($script:Multi.Tests.End | Measure-Object -Minimum).Minimum
            $lastStart = ($script:Multi.Tests.Start | Measure-Object -Maximum).Maximum
            $lastStart | Should -BeLessThan $firstEnd -Because 'every run starts before any of them (each sleeps 1 s) ends'
        }

        It 'exits 1 when one region fails, and reports every region' {
            $script:Multi.ExitCode | Should -Be 1
            $script:Multi.Output | Should -Match 'eu-west-1\s+FAILED \(dotnet test exited 1\)'
            $script:Multi.Output | Should -Match 'us-east-1\s+passed'
            $script:Multi.Output | Should -Match 'ap-southeast-2\s+passed'
            $script:Multi.Output | Should -Match 'tests failed in 1 of 3 run'
        }

        It 'prefixes each line of output with its region' {
            $script:Multi.Output | Should -Match '\[ap-southeast-2\] stub test output for ap-southeast-2'
        }

        It 'writes one report over every region, with a combined summary' {
            $report = $script:Multi.Calls[-1].Arguments
            $report | Should -Contain 'report'
            @($report | Where-Object { $_ -eq '--results' }).Count | Should -Be 3
            Get-Argument $report '--summary' | Should -Be (Join-Path $env:IPV6LAMBDA_REPO_ROOT 'TestResults/pester/multi/summary.md')
        }

        AfterAll { Remove-Item -LiteralPath (Join-Path $env:IPV6LAMBDA_REPO_ROOT 'out') -Recurse -Force -ErrorAction SilentlyContinue }
    }

    Context 'summary' {
        It 'appends the summary to $GITHUB_STEP_SUMMARY when it is set' {
            $stepSummary = Join-Path $script:Stub 'step-summary.md'
            Set-Content -LiteralPath $stepSummary -Value 'earlier step'
            $env:GITHUB_STEP_SUMMARY = $stepSummary
            $run = Invoke-RunTests -Parameters @{ Offline = $true; ResultsDirectory = (Join-Path $script:Stub 'results') }
            $run.ExitCode | Should -Be 0 -Because $run.Output
            Get-Content -LiteralPath $stepSummary -Raw | Should -Match "earlier step\r?\nsummary of $([regex]::Escape((Join-Path $script:Stub 'results')))"
        }
    }

    Context '-Sweep' {
        It 'calls the sweeper CLI with <Case>' -ForEach @(
            @{ Case = 'no option'; Given = @{ Sweep = $true }; Expected = @() }
            @{ Case = 'each region'; Given = @{ Sweep = $true; Region = @('us-east-1', 'eu-west-1') }; Expected = @('--region', 'us-east-1', '--region', 'eu-west-1') }
            @{ Case = '-OlderThan and -WhatIf'; Given = @{ Sweep = $true; OlderThan = '6h'; WhatIf = $true }; Expected = @('--older-than', '6h', '--what-if') }
        ) {
            $run = Invoke-RunTests -Parameters $Given
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run.Calls.Count | Should -Be 1 -Because 'a sweep builds nothing of its own and runs no test'
            $run.Calls[0].Arguments | Should -Be (@('run', '--project', 'tools/Ipv6Lambda.Cli', '--configuration', 'Debug', '--', 'sweep') + $Expected)
        }

        It 'maps the sweeper exit code <Given> to <Expected>' -ForEach @(
            @{ Given = '0'; Expected = 0 }
            @{ Given = '1'; Expected = 1 }
            @{ Given = '2'; Expected = 2 }
            @{ Given = '134'; Expected = 1 }
        ) {
            $run = Invoke-RunTests -Parameters @{ Sweep = $true } -Stub @{ SWEEP_EXIT = $Given }
            $run.ExitCode | Should -Be $Expected -Because $run.Output
        }
    }

    Context 'help' {
        It 'documents every parameter with Get-Help' {
            $help = Get-Help $script:RunTests -Full
            $documented = @($help.parameters.parameter | Where-Object { "$($_.description.Text)".Trim() } | ForEach-Object name)
            $declared = (Get-Command $script:RunTests).Parameters.Keys |
                Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -ne 'UnknownArguments' }
            foreach ($name in $declared) { $documented | Should -Contain $name -Because "-$name needs a .PARAMETER entry" }
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }
    }
}
