using DealerFlow.Web;

var app = DashboardApp.Create(args);
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
