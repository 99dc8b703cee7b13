#Requires -Version 7.4
# Pester 5 tests of run-tests.ps1. `dotnet` is mocked in-process, so no build or test run happens: these prove
# parameter validation, the mapping of parameters to environment variables and filters, and the exit codes.

Describe 'run-tests.ps1' {
    BeforeAll {
        $script:RunTests = Join-Path $env:IPV6LAMBDA_REPO_ROOT 'run-tests.ps1'
        # The script exports what it maps; start from none of it, and give back the caller's region at the end.
        $script:CallerRegion = $env:AWS_REGION
        Remove-Item Env:AWS_REGION -ErrorAction SilentlyContinue

        # Runs the script as people do and returns its exit code, its host output, and what `dotnet` was given.
        function Invoke-RunTests {
            param([hashtable] $Parameters = @{}, [int] $DotnetExitCode = 0)
            # The mock runs in Pester's scope, not this function's: it reports through a global list.
        $global:RunTestsDotnetCalls = [System.Collections.Generic.List[object]]::new()
        $global:RunTestsDotnetExit = $DotnetExitCode
        Mock dotnet {
            $given = @($args)
            $seen = @{}
            Get-ChildItem Env: | Where-Object { $_.Name -like 'IPV6LAMBDA_*' -or $_.Name -eq 'AWS_REGION' } |
                ForEach-Object { $seen[$_.Name] = $_.Value }
            $global:RunTestsDotnetCalls.Add([pscustomobject]@{ Arguments = $given; Environment = $seen })
            $global:LASTEXITCODE = $global:RunTestsDotnetExit
        }
        $output = & $script:RunTests @Parameters 6>&1 2>&1 | Out-String
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output; Calls = $global:RunTestsDotnetCalls }
        }
    }

    AfterEach {
        Get-ChildItem Env: | Where-Object { $_.Name -like 'IPV6LAMBDA_*' -and $_.Name -ne 'IPV6LAMBDA_REPO_ROOT' } |
            ForEach-Object { Remove-Item "Env:$($_.Name)" }
        Remove-Item Env:AWS_REGION -ErrorAction SilentlyContinue
    }

    AfterAll {
        if ($script:CallerRegion) { $env:AWS_REGION = $script:CallerRegion }
    }

    Context 'exit codes' {
        It 'exits 0 when dotnet test passes' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $run.ExitCode | Should -Be 0
            $run.Calls.Count | Should -Be 1
        }

        It 'exits 1 when dotnet test reports failures' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true } -DotnetExitCode 1
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Match 'tests failed'
        }

        It 'exits 2 on an unknown argument, before running anything' {
            Mock dotnet { }
            $output = & $script:RunTests -Bogus x 6>&1 2>&1
            $LASTEXITCODE | Should -Be 2
            ($output | Out-String) | Should -Match 'unknown argument\(s\): -Bogus x'
            Should -Invoke dotnet -Times 0
        }

        It 'exits 2 on a stray positional argument' {
            Mock dotnet { }
            $output = & $script:RunTests Template 6>&1 2>&1
            $LASTEXITCODE | Should -Be 2
            ($output | Out-String) | Should -Match 'unknown argument\(s\): Template'
            Should -Invoke dotnet -Times 0
        }

        It 'exits 2 on <Case>' -ForEach @(
            @{ Case = 'an invalid region'; Given = @{ Region = 'moon-base' }; Message = 'not an AWS region' }
            @{ Case = 'an invalid stack prefix'; Given = @{ StackPrefix = '9lives' }; Message = 'must start with a letter' }
            @{ Case = 'a non-numeric create timeout'; Given = @{ CreateTimeout = 'soon' }; Message = 'positive duration' }
            @{ Case = 'a non-numeric delete timeout'; Given = @{ DeleteTimeout = 'later' }; Message = 'positive duration' }
            @{ Case = 'an IPv4 control URL that is not http'; Given = @{ Ipv4ControlUrl = 'ftp://x' }; Message = 'http:// or https://' }
            @{ Case = 'a stack prefix too long for the name limit'; Given = @{ StackPrefix = 'a' * 107 }; Message = 'at most 106' }
            @{ Case = 'an account id that is not 12 digits'; Given = @{ AllowedAccountId = '1234' }; Message = '12-digit' }
            @{ Case = 'a template that does not exist'; Given = @{ Template = '/nonexistent/template.yaml' }; Message = 'does not exist' }
            @{ Case = 'an unknown configuration'; Given = @{ Configuration = 'Fast' }; Message = 'Debug or Release' }
            @{ Case = '-Offline with a live-only switch'; Given = @{ Offline = $true; KeepStack = $true }; Message = 'do not apply' }
        ) {
            $run = Invoke-RunTests -Parameters $Given
            $run.ExitCode | Should -Be 2 -Because $run.Output
            $run.Output | Should -Match $Message
            $run.Calls.Count | Should -Be 0
        }
    }

    Context 'maps parameters to dotnet test' {
        It 'runs only the offline tests with -Offline' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $arguments = $run.Calls[0].Arguments
            $arguments[0] | Should -Be 'test'
            $arguments | Should -Contain '--filter'
            $arguments[[array]::IndexOf($arguments, '--filter') + 1] | Should -Be 'Category!=Live'
        }

        It 'combines -Filter with -Offline' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true; Filter = 'FullyQualifiedName~Template' }
            $arguments = $run.Calls[0].Arguments
            $arguments[[array]::IndexOf($arguments, '--filter') + 1] | Should -Be 'Category!=Live&(FullyQualifiedName~Template)'
        }

        It 'passes no filter when none is asked for' {
            $run = Invoke-RunTests
            $run.Calls[0].Arguments | Should -Not -Contain '--filter'
        }

        It 'writes TRX into the results directory' {
            $run = Invoke-RunTests -Parameters @{ ResultsDirectory = 'out/results' }
            $arguments = $run.Calls[0].Arguments
            $arguments | Should -Contain 'trx'
            $arguments[[array]::IndexOf($arguments, '--results-directory') + 1] | Should -Be 'out/results'
        }

        It 'sets the fixture environment from the live parameters' {
            $template = Join-Path $env:IPV6LAMBDA_REPO_ROOT 'template.yaml'
            $run = Invoke-RunTests -Parameters @{
                Region = 'eu-west-1'; StackPrefix = 'nightly'; KeepStack = $true; NoWaitForDelete = $true
                AllowedAccountId = @('111122223333', '222233334444'); CreateTimeout = '25m'; Template = $template
                DeleteTimeout = '50m'; Ipv4ControlUrl = 'https://dual.example/'
            }
            $run.ExitCode | Should -Be 0
            $environment = $run.Calls[0].Environment
            $environment['AWS_REGION'] | Should -Be 'eu-west-1'
            $environment['IPV6LAMBDA_STACK_PREFIX'] | Should -Be 'nightly'
            $environment['IPV6LAMBDA_KEEP_STACK'] | Should -Be 'true'
            $environment['IPV6LAMBDA_WAIT_FOR_DELETE'] | Should -Be 'false'
            $environment['IPV6LAMBDA_ALLOWED_ACCOUNTS'] | Should -Be '111122223333,222233334444'
            $environment['IPV6LAMBDA_CREATE_TIMEOUT'] | Should -Be '25m'
            $environment['IPV6LAMBDA_TEMPLATE'] | Should -Be $template
            $environment['IPV6LAMBDA_DELETE_TIMEOUT'] | Should -Be '50m'
            $environment['IPV6LAMBDA_IPV4_CONTROL_URL'] | Should -Be 'https://dual.example/'
        }

        It 'passes a stack name through for verify-only runs' {
            $run = Invoke-RunTests -Parameters @{ StackName = 'ipv6lambda-existing' }
            $run.Calls[0].Environment['IPV6LAMBDA_STACK_NAME'] | Should -Be 'ipv6lambda-existing'
        }

        It 'maps template parameter overrides to IPV6LAMBDA_PARAMETER_ variables' {
            $run = Invoke-RunTests -Parameters @{ TemplateParameter = @{ AvailabilityZone1 = 'us-east-1a'; ProbeUrl = 'https://example.com/' } }
            $run.ExitCode | Should -Be 0
            $run.Calls[0].Environment['IPV6LAMBDA_PARAMETER_AvailabilityZone1'] | Should -Be 'us-east-1a'
            $run.Calls[0].Environment['IPV6LAMBDA_PARAMETER_ProbeUrl'] | Should -Be 'https://example.com/'
        }

        It 'sets nothing the caller did not ask for' {
            $run = Invoke-RunTests -Parameters @{ Offline = $true }
            $run.Calls[0].Environment.Keys | Where-Object { $_ -ne 'IPV6LAMBDA_REPO_ROOT' } | Should -BeNullOrEmpty
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
