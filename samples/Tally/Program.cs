using Tally;

// dotnet run --project samples/Tally -- http://127.0.0.1:8000 [table]
// Needs a DynamoDB Local on that address: ./scripts/dynamodb-local.sh start 8000
var url = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8000");
var table = args.Length > 1 ? args[1] : "tally-sample";
await TallyApp.RunAsync(url, table, Console.Out).ConfigureAwait(false);
