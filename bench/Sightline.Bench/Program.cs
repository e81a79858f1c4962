using Sightline.Bench;

return BenchCommand.Run(args);
