namespace Isac.Broker.Tokens;

/// <summary>Puts <see cref="TokenValidationMiddleware"/> at the very start of the request pipeline.</summary>
internal sealed class TokenValidationStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<TokenValidationMiddleware>();
        next(app);
    };
}
