// An independent DynamoDB client for the interop tests and the benchmark: the
// AWS SDK for JavaScript v3 (@aws-sdk/client-dynamodb), low-level API, so items
// go in and come out in the wire format ({"S":..}, {"N":"12.5"}, {"SS":[..]}),
// byte for byte what DynamoDB stores.
//
//   node tests/ddb/interop.mjs get TABLE PK SK          the item as JSON, or null
//   node tests/ddb/interop.mjs query TABLE JSON         every page of a Query (JSON holds
//                                                       IndexName, KeyConditionExpression,
//                                                       ExpressionAttributeNames/Values...);
//                                                       prints {"Items":[..],"Pages":n}
//   node tests/ddb/interop.mjs put TABLE ITEM           PutItem of one item (wire JSON, or
//                                                       @FILE: the item read from FILE)
//   node tests/ddb/interop.mjs putlines TABLE FILE      PutItem of every line of FILE
//                                                       (JSON Lines, e.g. ailife export)
//   node tests/ddb/interop.mjs request FILE             one Query of the body in FILE (a
//                                                       whole request, TableName included);
//                                                       prints the item count (benchmark)
//
// Environment: INTEROP_NODE_DIR (the npm prefix holding node_modules, default
// build/node-interop), AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. An error is printed as
// "interop: <name>: <message>" and exits 1.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const nodeDir = path.resolve(process.env.INTEROP_NODE_DIR || "build/node-interop");
const require = createRequire(path.join(nodeDir, "package.json"));
const { DynamoDBClient, GetItemCommand, QueryCommand, PutItemCommand } =
	require("@aws-sdk/client-dynamodb");

const credentials = {
	accessKeyId: process.env.AWS_ACCESS_KEY_ID,
	secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
};
if (process.env.AWS_SESSION_TOKEN)
	credentials.sessionToken = process.env.AWS_SESSION_TOKEN;
const client = new DynamoDBClient({
	region: process.env.AWS_REGION || "us-east-1",
	endpoint: process.env.AWS_ENDPOINT_URL,
	credentials,
	maxAttempts: 3,
});

async function queryAll(input) {
	const items = [];
	let pages = 0;
	let start;
	do {
		const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
		pages++;
		items.push(...(out.Items || []));
		start = out.LastEvaluatedKey;
	} while (start);
	return { Items: items, Pages: pages };
}

async function main(argv) {
	const [cmd, ...args] = argv;
	switch (cmd) {
	case "get": {
		const [table, pk, sk] = args;
		const out = await client.send(new GetItemCommand({
			TableName: table, Key: { PK: { S: pk }, SK: { S: sk } }, ConsistentRead: true,
		}));
		return JSON.stringify(out.Item ?? null);
	}
	case "query": {
		const [table, json] = args;
		return JSON.stringify(await queryAll({ TableName: table, ...JSON.parse(json) }));
	}
	case "put": {
		const [table, item] = args;
		const text = item.startsWith("@") ? readFileSync(item.slice(1), "utf8") : item;
		await client.send(new PutItemCommand({ TableName: table, Item: JSON.parse(text) }));
		return "ok";
	}
	case "putlines": {
		const [table, file] = args;
		const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
		for (const line of lines)
			await client.send(new PutItemCommand({ TableName: table, Item: JSON.parse(line) }));
		return String(lines.length);
	}
	case "request": {
		const out = await client.send(new QueryCommand(JSON.parse(readFileSync(args[0], "utf8"))));
		return String(out.Count);
	}
	default:
		throw Object.assign(new Error("usage: interop.mjs get|query|put|putlines|request ..."),
			{ name: "usage" });
	}
}

main(process.argv.slice(2)).then(
	(text) => { process.stdout.write(text + "\n"); },
	(e) => {
		process.stderr.write(`interop: ${e.name}: ${e.message}\n`);
		process.exitCode = 1;
	},
);
