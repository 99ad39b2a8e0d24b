using Hindsight.Server.AccessLog;
using Hindsight.Server.Accounts;
using Hindsight.Server.Analytics;
using Hindsight.Server.Analytics.Definitions;
using Hindsight.Server.Authorization;
using Hindsight.Server.Benchmark;
using Hindsight.Server.Demo;
using Hindsight.Server.Hosting;
using Hindsight.Server.Ingest;
using Hindsight.Server.People;
using Hindsight.Server.Projects;
using Hindsight.Server.Quotas;
using Hindsight.Server.Replays;
using Hindsight.Server.Retention;
using Hindsight.Server.Storage;
using Hindsight.Server.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddHindsightHosting();   // options, HINDSIGHT_* variables, default address, first start, banner
builder.Services.AddStorage();   // SQLite file + blob folder under the data folder
builder.Services.AddProjects();
builder.Services.AddAccounts();  // cookie sessions, login rate limit
builder.Services.AddProjectAuthorization(); // roles and their permissions, as one policy per permission
builder.Services.AddIngest();    // SDK endpoints and their CORS
builder.Services.AddReplays();
builder.Services.AddAnalytics(); // events in a DuckDB file beside the SQLite one; stitching events to replays
builder.Services.AddEventDefinitions(); // event names, their volume, properties and descriptions
builder.Services.AddPeople();    // the people list, profiles, activity; first and last seen
builder.Services.AddRetention(); // deleting replays older than their project keeps them
builder.Services.AddQuotas();    // monthly caps and trials on new replays
builder.Services.AddAccessLog(); // who opened which replay and changed what
builder.Services.AddWeb();
builder.Services.AddDashboardOpenApi(); // /openapi/v1.json: the /api contract (docs/openapi.json)

var app = builder.Build();
app.UseWeb();                    // security headers, /sdk and /app files
app.UseIngest();
app.UseAccounts();

app.MapIngest();                 // /record (and /record/dropped) /track /engage /groups /settings /flags /import
var api = app.MapApi();          // /api: session required, cross-site writes refused
api.MapAccounts();               // /api/auth/login, logout, me
api.MapReplays();                // /api/replays feed, detail, chunks
api.MapProjectSettings();        // /api/projects/{id}/settings and /capture
api.MapAnalytics();              // /api/projects/{id}/insights/events, /funnels, /heatmaps, and the replays behind them
api.MapImportSecret();           // /api/projects/{id}/import-secret (admins)
api.MapEventDefinitions();       // /api/projects/{id}/event-definitions, one, its description, its replays
api.MapPeople();                 // /api/projects/{id}/people, a profile, its activity
api.MapRetention();              // /api/projects/{id}/retention (admins)
api.MapQuotas();                 // /api/projects/{id}/quota: usage for members, caps for admins
api.MapAccessLog();              // /api/projects/{id}/access-log and its CSV (admins)
app.MapDashboardOpenApi();       // /openapi/v1.json and its reference page, /docs/api
app.MapReplayRedirect();         // /projects/replay-redirect: the SDK's replay links, to the replay's route
app.MapDemo();                   // /demo/: a shop with the SDK installed, to watch your own visit
app.MapBenchmarkCeiling();       // POST /bench/discard, only with Hindsight:Benchmark:CeilingEndpoint (bench/)
app.MapWeb();                    // /healthz and the dashboard's routes

app.Run();

public partial class Program;
