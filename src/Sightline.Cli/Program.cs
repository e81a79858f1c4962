System.Console.WriteLine(Sightline.Data.Probe.DuckDbVersion());
