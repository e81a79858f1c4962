using MudBlazor;

namespace Sightline.Server.Components;

/// <summary>The web app's colours.</summary>
public static class SightlineTheme
{
    /// <summary>The one theme.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#2e7d32",
            AppbarBackground = "#1f4e79",
        },
    };
}
