#!/usr/bin/env node
// Local development sign-in without Entra ID.
//   node tools/dev-token.mjs init <local.settings.json>   create a dev key pair (.local/, git-ignored) and put its
//                                                          PUBLIC key into the settings (Auth__SigningKeys)
//   node tools/dev-token.mjs token [--oid <guid>] [--platform-admin]
//                                                          print a bearer token signed with the dev key
// The app accepts Auth__SigningKeys only when AZURE_FUNCTIONS_ENVIRONMENT is Development, so this key can never
// open a deployed instance. Nothing secret is committed: the private key stays in .local/.
import { generateKeyPairSync, createPrivateKey, createPublicKey, sign, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Overridable so that a test can prove the whole local sign-in path without touching a developer's files.
const keyFile = process.env.MINTFONDS_DEV_KEY ?? join(root, ".local", "dev-signing-key.pem");
const settingsFile = process.env.MINTFONDS_SETTINGS ?? join(root, "functions", "MintFonds.Functions", "local.settings.json");
const kid = "mintfonds-dev";
const b64url = (data) => Buffer.from(data).toString("base64url");

// What to run instead, for a newcomer who asks for a token before the local settings exist: a sentence, no stack trace.
const relativeSettings = "functions/MintFonds.Functions/local.settings.json";
function fail(problem) {
  console.error(`dev-token: ${problem}
To set up local sign-in, run one of:
  ./scripts/run-local.sh                       (creates the settings and the key, starts Azurite and the app)
  cp local.settings.sample.json ${relativeSettings}
  node tools/dev-token.mjs init ${relativeSettings}
then ask for a token again: node tools/dev-token.mjs token --platform-admin`);
  process.exit(1);
}

function readSettings(file) {
  if (!existsSync(file)) fail(`no local settings at ${file}.`);
  let settings;
  try {
    settings = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${file} is not valid JSON (${error.message}).`);
  }
  if (!settings || typeof settings.Values !== "object" || settings.Values === null) fail(`${file} has no "Values" section.`);
  return settings;
}

function privateKey() {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const { privateKey: key } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(keyFile, key.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  return createPrivateKey(readFileSync(keyFile));
}

function init(file) {
  const settings = readSettings(file);
  const jwk = createPublicKey(privateKey()).export({ format: "jwk" });
  settings.Values.Auth__SigningKeys = JSON.stringify({ keys: [{ kty: jwk.kty, kid, use: "sig", alg: "RS256", n: jwk.n, e: jwk.e }] });
  settings.Values.AZURE_FUNCTIONS_ENVIRONMENT = "Development";
  writeFileSync(file, JSON.stringify(settings, null, 2) + "\n");
  console.log(`dev signing key ready; public key written to ${file}`);
}

function token(args) {
  const values = readSettings(settingsFile).Values;
  // Without init, a new key would be made here whose public half the app does not know: every token would be refused.
  if (!values.Auth__SigningKeys || !existsSync(keyFile)) fail(`local sign-in is not set up yet (no dev signing key in ${settingsFile} or ${keyFile}).`);
  const oid = args.includes("--oid") ? args[args.indexOf("--oid") + 1] : "00000000-0000-0000-0000-000000000001";
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    // "ver" as Entra writes it into v2 access tokens: the app accepts only "1.0" and "2.0".
    iss: values.Auth__Issuer, aud: values.Auth__Audience, ver: "2.0", oid, tid: "00000000-0000-0000-0000-000000000000",
    iat: now, nbf: now - 60, exp: now + 8 * 3600, jti: randomUUID(),
    roles: args.includes("--platform-admin") ? [values.Auth__PlatformAdminRole || "MintFonds.PlatformAdmin"] : [],
  };
  const input = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }))}.${b64url(JSON.stringify(payload))}`;
  console.log(`${input}.${sign("sha256", Buffer.from(input), privateKey()).toString("base64url")}`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === "init" && rest[0]) init(rest[0]);
else if (command === "token") token(rest);
else {
  console.error("usage: node tools/dev-token.mjs init <local.settings.json> | token [--oid <guid>] [--platform-admin]");
  process.exit(2);
}
