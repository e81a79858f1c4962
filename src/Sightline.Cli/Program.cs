System.Console.WriteLine(Sightline.Workspaces.Workspace.CurrentSchemaVersion);

