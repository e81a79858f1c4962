using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server.Components;

/// <summary>
/// The base of every signed-in page: the workspace (one connection per request or circuit), the signed-in user and
/// their <see cref="AccessScope"/>. Pages read through the core's scoped queries with <see cref="Scope"/>, so a page
/// can never show what the API would refuse.
/// </summary>
public abstract class SightlinePage : ComponentBase
{
    /// <summary>The workspace.</summary>
    [Inject]
    protected Workspace Workspace { get; set; } = default!;

    /// <summary>The clock audit entries and actions use.</summary>
    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The signed-in user's claims.</summary>
    protected ClaimsPrincipal Principal { get; private set; } = new();

    /// <summary>What the signed-in user may see.</summary>
    protected AccessScope Scope { get; private set; } = new(UserRole.Rep, "");

    /// <summary>The signed-in user as the core's write actions take it.</summary>
    protected UserAccount SignedIn => Caller.User(Principal);

    /// <inheritdoc />
    protected sealed override async Task OnInitializedAsync()
    {
        Principal = (await AuthenticationState.ConfigureAwait(true)).User;
        Scope = Caller.Scope(Principal);
        await LoadAsync().ConfigureAwait(true);
    }

    /// <summary>Reads what the page shows, after the user is known.</summary>
    protected abstract Task LoadAsync();
}
