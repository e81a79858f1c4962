return Sightline.Cli.SightlineCli.Run(args);
