using Isac.Cli;

return await IsacCli.RunAsync(args, CliConsole.System()).ConfigureAwait(false);
